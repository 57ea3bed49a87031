import { AdapterParseError, DspyError } from '../errors/dspy-error';
import type { SignatureSpec } from '../signature/signature-spec';
import { pyStr } from '../py';

/**
 * DSPy's "Failed to parse field ..." error, raised when one output value does not fit its type.
 *
 * @example
 * throw fieldParseError('ChatAdapter', spec, reply, 'n', 'many', err);
 */
export function fieldParseError(
  adapterName: string,
  signature: SignatureSpec<any, any>,
  completion: string,
  field: string,
  value: unknown,
  cause: unknown,
): AdapterParseError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AdapterParseError({
    adapterName,
    signatureName: signature.name,
    lmResponse: completion,
    message: `Failed to parse field ${field} with value ${pyStr(value)} from the LM response. Error message: ${reason}`,
    cause,
  });
}

/**
 * Raised when the parsed keys are not exactly the output fields (after defaults); lists both.
 *
 * @example
 * if (!hasExactlyOutputs(spec, parsed)) throw missingFieldsError('JSONAdapter', spec, reply, parsed);
 */
export function missingFieldsError(
  adapterName: string,
  signature: SignatureSpec<any, any>,
  completion: string,
  parsed: Record<string, unknown>,
): AdapterParseError {
  const expected = signature.outputFields.map((f) => f.name).join(', ');
  return new AdapterParseError({
    adapterName,
    signatureName: signature.name,
    lmResponse: completion,
    parsedResult: parsed,
    message: `Expected to find output fields in the LM response: [${expected}]\n\nActual output fields parsed from the LM response: [${Object.keys(parsed).join(', ')}]`,
  });
}

/**
 * Parsed keys are exactly the signature's output fields.
 *
 * @example
 * hasExactlyOutputs(qa, { answer: 'Paris' }); // true
 */
export function hasExactlyOutputs(signature: SignatureSpec<any, any>, parsed: Record<string, unknown>): boolean {
  const keys = Object.keys(parsed);
  return keys.length === signature.outputFields.length && signature.outputFields.every((f) => f.name in parsed);
}
