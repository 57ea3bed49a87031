import type { SignatureSpec } from '../signature/signature-spec';
import { validateOutputs } from '../signature/validate';
import type { ParsedOutputs } from './adapter';

/**
 * The one place adapters hand parsed outputs to validation: field types and class-validator
 * rules (`validateOutputs`, which throws `DspyError('OUTPUT_VALIDATION')`). A failure here is
 * not an `LmError`, so `ChatAdapter` retries once with `JSONAdapter`, as DSPy does when
 * pydantic rejects a parsed value.
 *
 * @example
 * validateParsed(spec, { answer: 'Paris' }); // { answer: 'Paris' }
 */
export function validateParsed(signature: SignatureSpec<any, any>, values: Record<string, unknown>): ParsedOutputs {
  return validateOutputs(signature, values) as ParsedOutputs;
}
