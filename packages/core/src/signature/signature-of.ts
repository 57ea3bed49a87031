import { DspyError } from '../errors/dspy-error';
import { getSignatureMetadataStorage } from '../metadata/metadata-storage';
import { buildClassSignature } from './class-signature';
import { SignatureSpec } from './signature-spec';
import type { StringSignatureInputs, StringSignatureOutputs } from './static-types';
import { signature } from './string-signature';

type SignatureClass = abstract new (...args: never[]) => object;

// Built once per class: @Signature stores it here, getSignature fills it for deferred classes.
const specs = new WeakMap<Function, SignatureSpec<any, any>>();

/** Called by `@Signature` with the spec it built at declaration time. */
export function rememberClassSignature(cls: Function, spec: SignatureSpec<any, any>): void {
  specs.set(cls, spec);
}

/**
 * The `SignatureSpec` of a decorated class, a string signature or a spec (returned as is).
 * Class specs are built once and cached; `spec.target` is the class.
 *
 * Static types: a string literal gives its parsed field types; a class `C` gives
 * `SignatureSpec<Partial<C>, C>` (decorators cannot tell inputs from outputs statically).
 *
 * @example
 * getSignature(QA).outputFields.map((f) => f.name);       // ['answer']
 * getSignature('question -> answer: int').name;            // 'StringSignature'
 */
export function getSignature<S extends string>(
  target: S,
): SignatureSpec<StringSignatureInputs<S>, StringSignatureOutputs<S>>;
export function getSignature<I extends object, O extends object>(target: SignatureSpec<I, O>): SignatureSpec<I, O>;
export function getSignature<C extends object>(
  target: abstract new (...args: never[]) => C,
): SignatureSpec<Partial<C>, C>;
export function getSignature(target: string | SignatureSpec<any, any> | SignatureClass): SignatureSpec<any, any>;
export function getSignature(target: string | SignatureSpec<any, any> | SignatureClass): SignatureSpec<any, any> {
  if (typeof target === 'string') return signature(target);
  if (target instanceof SignatureSpec) return target;
  if (typeof target === 'function') {
    const cached = specs.get(target);
    if (cached) return cached;
    const spec = buildClassSignature(target as new () => object, false)!;
    specs.set(target, spec);
    return spec;
  }
  throw new DspyError(
    'SIGNATURE_INVALID',
    `Expected a signature: a @Signature class, a SignatureSpec or a string like 'question -> answer', got ${target === null ? 'null' : typeof target}.`,
  );
}

/**
 * True for a class decorated with `@Signature` (or a subclass of one).
 *
 * @example
 * isSignatureClass(QA); // true
 */
export function isSignatureClass(value: unknown): value is SignatureClass {
  return (
    typeof value === 'function' &&
    (specs.has(value) || getSignatureMetadataStorage().findSignatureOptions(value) !== undefined)
  );
}
