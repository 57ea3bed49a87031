import { DspyError } from '../errors/dspy-error';
import { FIELD_OPTION_KEYS, type FieldOptions } from '../metadata/field-options';
import { METADATA_KEYS } from '../metadata/metadata-keys';
import { getSignatureMetadataStorage } from '../metadata/metadata-storage';
import { isTypeRef } from '../metadata/type-source';
import type { FieldRole } from '../signature/field-spec';

const DECORATOR: Record<FieldRole, string> = { input: '@InputField', output: '@OutputField' };

function fail(where: string, message: string): never {
  throw new DspyError('SIGNATURE_INVALID', `${where}: ${message}`);
}

/** Checks options when the decorator runs, so a typo fails at the line that has it. */
function checkOptions(where: string, deco: string, options: unknown): FieldOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    fail(
      where,
      `${deco}() takes an options object ({ desc, prefix, type, optional, default, enumName }), got ${options === null ? 'null' : typeof options}.`,
    );
  }
  const o = options as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !(FIELD_OPTION_KEYS as readonly string[]).includes(k));
  if (unknown.length) {
    const hint = unknown.includes('description') ? ' Use `desc` for the description.' : '';
    fail(
      where,
      `${deco}() got unknown option(s) ${unknown.join(', ')}. Allowed: ${FIELD_OPTION_KEYS.join(', ')}.${hint}`,
    );
  }
  for (const key of ['desc', 'prefix', 'enumName'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'string')
      fail(where, `${deco}({ ${key} }) must be a string, got ${typeof o[key]}.`);
  }
  if (o.optional !== undefined && typeof o.optional !== 'boolean')
    fail(where, `${deco}({ optional }) must be a boolean.`);
  if (o.type !== undefined && typeof o.type !== 'function' && !isTypeRef(o.type)) {
    fail(
      where,
      `${deco}({ type }) must be a thunk such as \`() => Citation\` / \`() => [String]\` or a TypeRef such as \`T.int\`.`,
    );
  }
  return Object.freeze({ ...o }) as FieldOptions;
}

/**
 * The one funnel behind `@InputField` and `@OutputField`: checks the call site and options,
 * then records the raw registration. Types are resolved later, by `@Signature`.
 *
 * @example
 * export const ContextField = (opts?: FieldOptions) => createFieldDecorator('input', { desc: 'retrieved passages', ...opts });
 */
export function registerField(target: object, propertyKey: string | symbol, role: FieldRole, options: unknown): void {
  const deco = DECORATOR[role];
  const owner = typeof target === 'function' ? (target as Function) : (target.constructor as Function);
  const where = `${owner.name || 'AnonymousClass'}.${String(propertyKey)}`;
  if (typeof target === 'function') fail(where, `${deco}() must decorate an instance property, not a static one.`);
  if (typeof propertyKey !== 'string')
    fail(where, `${deco}() needs a string property name; symbol-named fields cannot be sent to an LM.`);
  const checked = checkOptions(where, deco, options);
  const registration = Object.freeze({ propertyName: propertyKey, role, options: checked, declaredOn: owner });
  getSignatureMetadataStorage().addField(registration);
  Reflect.defineMetadata(METADATA_KEYS.field, registration, target, propertyKey);
}

/**
 * Builds a property decorator on top of `registerField`, for custom field decorators.
 *
 * @example
 * const Passages = () => createFieldDecorator('input', { desc: 'retrieved passages', type: () => [String] });
 */
export function createFieldDecorator(role: FieldRole, options?: FieldOptions): PropertyDecorator {
  return (target, propertyKey) => registerField(target, propertyKey, role, options);
}
