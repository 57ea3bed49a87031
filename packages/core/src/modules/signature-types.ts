import type { SignatureSpec } from '../signature/signature-spec';
import type { StringSignatureInputs, StringSignatureOutputs } from '../signature/static-types';

/** A decorated signature class. */
export type SignatureClass = abstract new (...args: never[]) => object;

/** Anything a predictor accepts as its signature. */
export type SignatureLike = SignatureClass | SignatureSpec<any, any> | string;

/**
 * Output values of a signature. For a class signature every declared property is typed
 * (inputs included: decorators cannot change static types); for a spec, its output type.
 */
export type OutputsOf<S> = S extends string
  ? StringSignatureOutputs<S>
  : S extends SignatureSpec<any, infer O>
    ? O
    : S extends abstract new (...args: never[]) => infer C
      ? C
      : Record<string, unknown>;

/** Inputs a call takes. Checked at run time against the signature. */
export type InputsOf<S> = S extends string
  ? StringSignatureInputs<S>
  : S extends SignatureSpec<infer I, any>
    ? I
    : S extends abstract new (...args: never[]) => infer C
      ? Partial<C>
      : Record<string, unknown>;
