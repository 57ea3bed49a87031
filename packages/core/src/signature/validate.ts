import { classTransformer, classValidator } from '../utils/lazy-deps';
import { DspyError } from '../errors/dspy-error';
import { isHistoryType, toHistory } from '../types/history';
import { readValidationMetadata } from '../metadata/class-validator-reader';
import type { FieldSpec } from './field-spec';
import type { SignatureSpec } from './signature-spec';
import type { TypeRef } from './type-ref';
import { checkValue, flattenValidationErrors } from './value-check';

/** Result of `validateInputs`: the signature's inputs (defaults filled) and the ignored extra keys. */
export interface ValidatedInputs<I> {
  readonly values: I;
  readonly extra: readonly string[];
}

/**
 * Checks that every required input is present (not `undefined`), fills input defaults, and
 * separates keys the signature does not know (ignored, as DSPy does, but reported).
 *
 * @example
 * validateInputs(getSignature('question, context -> answer'), { question: 'Why?' });
 * // DspyError INPUT_INVALID: Signature StringSignature is missing required input field(s): context ...
 */
export function validateInputs<I extends object>(
  spec: SignatureSpec<I, any>,
  inputs: Readonly<Record<string, unknown>>,
): ValidatedInputs<I> {
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new DspyError(
      'INPUT_INVALID',
      `Inputs of signature ${spec.name} must be an object with the fields ${names(spec.inputFields)}, got ${inputs === null ? 'null' : Array.isArray(inputs) ? 'an array' : typeof inputs}.`,
    );
  }
  const values: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const f of spec.inputFields) {
    const v = inputs[f.name];
    if (v !== undefined) values[f.name] = v;
    else if (f.hasDefault) values[f.name] = cloneDefault(f.default);
    else if (!f.optional) missing.push(f.name);
  }
  if (missing.length) {
    const provided = Object.keys(inputs).filter((k) => inputs[k] !== undefined);
    throw new DspyError(
      'INPUT_INVALID',
      `Signature ${spec.name} is missing required input field(s): ${missing.join(', ')}. Expected inputs: ${names(spec.inputFields)}; provided: ${provided.join(', ') || '(none)'}. ` +
        `Pass every required input, e.g. { ${missing[0]}: ... }, or declare the field optional.`,
      { details: { signature: spec.name, missing, expected: spec.inputFields.map((f) => f.name), provided } },
    );
  }
  checkImageInputs(spec, values);
  for (const f of spec.inputFields)
    if (isHistoryType(f.type) && values[f.name] != null) values[f.name] = toHistory(values[f.name], f.name);
  const extra = Object.keys(inputs).filter((k) => !spec.field(k) || spec.field(k)!.role !== 'input');
  return { values: values as I, extra };
}

// Per class: the properties class-validator knows, and which of them validate nested objects.
const classPlans = new WeakMap<Function, { validated: Set<string>; nested: Set<string> }>();

function classPlan(target: Function) {
  let plan = classPlans.get(target);
  if (!plan) {
    const metas = readValidationMetadata(target);
    const nested = [...metas].filter(([, ms]) => ms.some((m) => m.type === 'nestedValidation')).map(([p]) => p);
    plan = { validated: new Set(metas.keys()), nested: new Set(nested) };
    classPlans.set(target, plan);
  }
  return plan;
}

/**
 * Validates parsed output values and returns them typed: missing optional outputs become their
 * default (or `null`, Python's `None`); every value is checked against its field type; for a class signature
 * the values also go through `plainToInstance` (nested classes become instances) and
 * class-validator. Keys that are not output fields are dropped.
 *
 * @example
 * validateOutputs(signature('q -> n: int'), { n: 4 });   // { n: 4 }
 * validateOutputs(signature('q -> n: int'), { n: 4.5 }); // DspyError OUTPUT_VALIDATION: n: must be an integer, got 4.5
 */
export function validateOutputs<O extends object>(
  spec: SignatureSpec<any, O>,
  values: Readonly<Record<string, unknown>>,
): O {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new DspyError(
      'OUTPUT_VALIDATION',
      `Outputs of signature ${spec.name} must be an object with the fields ${names(spec.outputFields)}, got ${values === null ? 'null' : typeof values}.`,
    );
  }
  const out: Record<string, unknown> = {};
  const errors: Record<string, string[]> = {};
  const present: FieldSpec[] = [];
  for (const f of spec.outputFields) {
    const v = values[f.name];
    if (v !== undefined && v !== null) present.push(f);
    else if (f.hasDefault) out[f.name] = cloneDefault(f.default);
    else if (f.optional)
      out[f.name] = null; // Python's None: a missing optional output is `null`
    else errors[f.name] = [`${f.name}: is required but ${v === null ? 'was null' : 'is missing'}`];
  }
  const plan = spec.target ? classPlan(spec.target) : undefined;
  const instance =
    spec.target && present.some((f) => plan!.validated.has(f.name))
      ? (classTransformer().plainToInstance(spec.target as new () => object, pick(values, present)) as Record<
          string,
          unknown
        >)
      : undefined;
  const cvErrors = instance ? classValidator().validateSync(instance) : [];
  for (const f of present) {
    const own = flattenValidationErrors(
      cvErrors.filter((e) => e.property === f.name),
      '',
    );
    const typeErrors: string[] = [];
    const source = instance && plan!.validated.has(f.name) ? instance[f.name] : values[f.name];
    out[f.name] = checkValue(f.type, source, f.name, typeErrors, !plan?.nested.has(f.name));
    const all = own.length ? own : typeErrors;
    if (all.length) errors[f.name] = all;
  }
  const failed = Object.keys(errors);
  if (failed.length) {
    const lines = failed.flatMap((k) => errors[k]!.map((m) => `  - ${m}`)).join('\n');
    throw new DspyError(
      'OUTPUT_VALIDATION',
      `Outputs of signature ${spec.name} failed validation (${failed.join(', ')}):\n${lines}\nThe values must match the output field types and validators.`,
      {
        details: { signature: spec.name, errors },
      },
    );
  }
  return out as O;
}

function pick(values: Readonly<Record<string, unknown>>, fields: readonly FieldSpec[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, values[f.name]]));
}

function names(fields: readonly FieldSpec[]): string {
  return fields.map((f) => f.name).join(', ') || '(none)';
}

// A shared `[]` or `{}` default must not leak mutations between calls.
function cloneDefault(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

const holdsImage = (t: TypeRef): boolean =>
  t.kind === 'image' || (t.kind === 'array' && holdsImage(t.items)) || (t.kind === 'dict' && holdsImage(t.values));

/**
 * Inputs are otherwise not type-checked (as in DSPy), but a plain URL string given to an
 * `Image` field would reach the LM as text and the model would silently never see the image.
 */
function checkImageInputs(spec: SignatureSpec<any, any>, values: Readonly<Record<string, unknown>>): void {
  const errors: string[] = [];
  for (const f of spec.inputFields) {
    const v = values[f.name];
    if (holdsImage(f.type) && v !== null && v !== undefined) checkValue(f.type, v, f.name, errors, false);
  }
  if (errors.length)
    throw new DspyError('INPUT_INVALID', `Signature ${spec.name} got invalid image input(s): ${errors.join('; ')}.`, {
      details: { signature: spec.name, errors },
    });
}
