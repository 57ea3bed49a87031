import { AdapterParseError, DspyError } from '../errors/dspy-error';
import type { SignatureSpec } from '../signature/signature-spec';
import { CoercionError } from './coerce';
import { pyStr } from '../py';

/**
 * True for a reply the adapter could not turn into outputs: an `AdapterParseError` or a value
 * rejected by validation (`OUTPUT_VALIDATION`, pydantic's job in DSPy). Only these make
 * `ChatAdapter` retry with `JSONAdapter` (DSPy 3.4.1); LM failures, aborts and programming bugs
 * (`TypeError` and friends) propagate untouched.
 *
 * @example
 * isParseFailure(new AdapterParseError({ adapterName: 'ChatAdapter', signatureName: 'QA', lmResponse: '' })); // true
 */
export function isParseFailure(err: unknown): err is DspyError {
  return DspyError.is(err, 'ADAPTER_PARSE', 'OUTPUT_VALIDATION');
}

/**
 * An error that means "this value does not fit its type" (Python's `ValueError` in DSPy's
 * `parse_value`): a `CoercionError` or a `DspyError`. Anything else (`TypeError`, ...) is a bug
 * and must not be reported as an unparseable reply.
 *
 * @example
 * isValueError(new CoercionError('Input should be a valid integer')); // true
 */
export function isValueError(err: unknown): boolean {
  return err instanceof CoercionError || DspyError.is(err);
}

/**
 * The error a user sees when the JSON fallback fails as well: the first adapter's error is the
 * `cause` and leads the message (it names the real reason, e.g. a value outside `@IsIn`), the
 * fallback's error follows. The code is the first error's code.
 *
 * @example
 * throw fallbackFailed('ChatAdapter', chatError, jsonError);
 */
export function fallbackFailed(adapterName: string, original: DspyError, fallback: unknown): DspyError {
  const second = fallback instanceof Error ? fallback.message : String(fallback);
  const message = `${original.message}\n\nThe retry with JSONAdapter failed too: ${second}`;
  if (original instanceof AdapterParseError) {
    const err = new AdapterParseError({
      adapterName,
      signatureName: original.signatureName,
      lmResponse: original.lmResponse,
      parsedResult: original.parsedResult,
      cause: original,
    });
    // The standard header is already in the original message; keep it once.
    err.message = message;
    Object.assign(err.details, { fallbackError: fallback });
    return err;
  }
  return new DspyError(original.code, message, {
    cause: original,
    details: { ...original.details, fallbackError: fallback },
  });
}

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
