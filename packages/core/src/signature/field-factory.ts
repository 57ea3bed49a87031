import { DspyError } from '../errors/dspy-error';
import type { FieldRole, FieldSpec } from './field-spec';
import { inferPrefix } from './infer-prefix';
import { isReservedFieldName, reservedNameHint } from './reserved-names';
import { parseAnnotation } from './string-signature';
import type { TypeRef } from './type-ref';

/** Options of `inputField`/`outputField`; omitted ones get DSPy's defaults. */
export interface FieldFactoryOptions {
  readonly desc?: string;
  readonly prefix?: string;
  readonly optional?: boolean;
  readonly default?: unknown;
  readonly constraints?: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function typeOf(name: string, type: TypeRef | string): { type: TypeRef; optional: boolean } {
  if (typeof type !== 'string') return { type, optional: false };
  const { type: ref, nullable } = parseAnnotation(type);
  return { type: ref, optional: nullable };
}

function makeField(role: FieldRole, name: string, type: TypeRef | string, opts: FieldFactoryOptions): FieldSpec {
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    throw new DspyError(
      'FIELD_INVALID',
      `Invalid field name ${JSON.stringify(name)}: use an identifier (letters, digits and _, not starting with a digit).`,
    );
  }
  if (isReservedFieldName(name))
    throw new DspyError(
      'FIELD_INVALID',
      `Field name '${name}' is reserved: ${reservedNameHint(name)}. Choose another name.`,
    );
  const resolved = typeOf(name, type);
  const hasDefault = Object.prototype.hasOwnProperty.call(opts, 'default');
  return Object.freeze({
    name,
    role,
    type: resolved.type,
    desc: opts.desc ?? `\${${name}}`,
    prefix: opts.prefix ?? `${inferPrefix(name)}:`,
    optional: opts.optional ?? resolved.optional,
    hasDefault,
    ...(hasDefault ? { default: opts.default } : {}),
    ...(opts.constraints ? { constraints: opts.constraints } : {}),
  });
}

/**
 * An input `FieldSpec` with DSPy defaults (`desc` = `${name}`, `prefix` = `inferPrefix(name) + ':'`),
 * for signature transforms. `type` is a `TypeRef` or an annotation string such as `'list[str]'`.
 *
 * @example
 * spec.appendField(inputField('hint', T.string, { desc: 'advice from the last attempt' }));
 */
export function inputField(
  name: string,
  type: TypeRef | string = { kind: 'string' },
  opts: FieldFactoryOptions = {},
): FieldSpec {
  return makeField('input', name, type, opts);
}

/**
 * An output `FieldSpec` with DSPy defaults, e.g. ChainOfThought's `reasoning`.
 *
 * @example
 * const cot = getSignature(QA).prependField(outputField('reasoning', T.string));
 */
export function outputField(
  name: string,
  type: TypeRef | string = { kind: 'string' },
  opts: FieldFactoryOptions = {},
): FieldSpec {
  return makeField('output', name, type, opts);
}
