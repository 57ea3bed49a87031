import { DspyError } from '../errors/dspy-error';

/**
 * One line naming an error for logs and summaries: `[LM_TIMEOUT] message` for DspyErrors,
 * `TypeError: message` for other errors, the value's text otherwise.
 *
 * @example
 * describeError(new DspyError('LM_TIMEOUT', 'No reply in 30s')); // '[LM_TIMEOUT] No reply in 30s'
 */
export function describeError(error: unknown): string {
  if (DspyError.is(error)) return `[${error.code}] ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * True for failures talking to a language model: DspyErrors whose code starts with `LM_`.
 *
 * @example
 * isLmFailure(new LmError('LM_RATE_LIMIT', 'slow down')); // true
 */
export function isLmFailure(error: unknown): error is DspyError {
  return DspyError.is(error) && error.code.startsWith('LM_');
}
