import { DspyError } from '../errors/dspy-error';
import { readValidationMetadata } from '../metadata/class-validator-reader';
import { findFieldType } from '../metadata/find-type';
import { getSignatureMetadataStorage, type FieldRegistration } from '../metadata/metadata-storage';
import type { FieldSpec } from './field-spec';
import { inferPrefix } from './infer-prefix';
import { isReservedFieldName, reservedNameHint } from './reserved-names';
import { SignatureSpec } from './signature-spec';

type Target = new (...args: never[]) => object;

function invalid(signature: string, field: string | undefined, message: string): DspyError {
  return new DspyError('SIGNATURE_INVALID', message, { details: field ? { signature, field } : { signature } });
}

/** One registration per property, or an error naming the doubly decorated property. */
function uniqueFields(name: string, regs: readonly FieldRegistration[]): FieldRegistration[] {
  const byName = new Map<string, FieldRegistration>();
  for (const reg of regs) {
    const prev = byName.get(reg.propertyName);
    if (prev && prev.declaredOn === reg.declaredOn) {
      const both = prev.role !== reg.role;
      throw invalid(
        name,
        reg.propertyName,
        both
          ? `${name}.${reg.propertyName} is marked both @InputField and @OutputField. A field is either an input or an output; keep one decorator (use two properties if you need both).`
          : `${name}.${reg.propertyName} has @${reg.role === 'input' ? 'Input' : 'Output'}Field twice. Keep one decorator and merge its options.`,
      );
    }
    // A subclass redeclaring a base field replaces it in place, as pydantic fields do.
    byName.set(reg.propertyName, reg);
  }
  return [...byName.values()];
}

/**
 * Builds the `SignatureSpec` of a decorated class and raises every declaration error.
 * With `allowDeferred` (used by `@Signature`), a type thunk naming a class declared later in the
 * file is not an error: the function validates what it can and returns `undefined`.
 *
 * @example
 * buildClassSignature(QA, false).fields.map((f) => f.name); // ['question', 'answer']
 */
export function buildClassSignature(cls: Target, allowDeferred: boolean): SignatureSpec<any, any> | undefined {
  const storage = getSignatureMetadataStorage();
  const found = storage.findSignatureOptions(cls);
  const name = found?.options.name ?? (cls.name || 'AnonymousSignature');
  if (!found) {
    throw invalid(
      name,
      undefined,
      `${name} is not a signature class. Decorate it with @Signature() and mark its properties with @InputField() / @OutputField().`,
    );
  }
  const regs = uniqueFields(name, storage.getFields(cls));
  const validation = readValidationMetadata(cls);
  const declared = new Set(regs.map((r) => r.propertyName));
  for (const [property] of validation) {
    if (!declared.has(property)) {
      throw invalid(
        name,
        property,
        `${name}.${property} has class-validator decorators but is neither an @InputField nor an @OutputField. Every property of a signature must be declared with @InputField() or @OutputField().`,
      );
    }
  }
  for (const reg of regs) {
    if (isReservedFieldName(reg.propertyName)) {
      throw invalid(
        name,
        reg.propertyName,
        `${name}.${reg.propertyName} uses a reserved name: ${reservedNameHint(reg.propertyName)}. Rename the property (e.g. \`${reg.propertyName}Value\`).`,
      );
    }
  }
  if (!regs.some((r) => r.role === 'output')) {
    throw invalid(
      name,
      undefined,
      `${name} has no output field. A signature needs at least one property marked @OutputField() (what the LM should produce).`,
    );
  }

  const fields: FieldSpec[] = [];
  let deferred = false;
  for (const reg of regs) {
    const site = { className: name, property: reg.propertyName, enumName: reg.options.enumName };
    const resolved = findFieldType(cls, reg, validation.get(reg.propertyName) ?? [], site, allowDeferred);
    if (!resolved) {
      deferred = true;
      continue;
    }
    const { desc, prefix } = reg.options;
    const hasDefault = Object.prototype.hasOwnProperty.call(reg.options, 'default');
    fields.push(
      Object.freeze({
        name: reg.propertyName,
        role: reg.role,
        type: resolved.type,
        desc: desc ?? `\${${reg.propertyName}}`,
        prefix: prefix ?? `${inferPrefix(reg.propertyName)}:`,
        optional: resolved.optional,
        hasDefault,
        ...(hasDefault ? { default: reg.options.default } : {}),
        ...(resolved.constraints ? { constraints: resolved.constraints } : {}),
      }),
    );
  }
  if (deferred) return undefined;
  return new SignatureSpec({ name, instructions: storage.findInstructions(cls), fields, target: cls });
}
