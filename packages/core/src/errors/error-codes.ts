/**
 * Every error code dspy-ts raises. Codes are stable strings so callers can branch on them
 * across package copies (`DspyError.is(err, 'LM_RATE_LIMIT')`).
 */
export const ERROR_CODES = [
  'SIGNATURE_INVALID',
  'SIGNATURE_PARSE',
  'FIELD_INVALID',
  'INPUT_INVALID',
  'ADAPTER_PARSE',
  'OUTPUT_VALIDATION',
  'LM_MISSING',
  'LM_ERROR',
  'LM_CONNECTION',
  'LM_TIMEOUT',
  'LM_RATE_LIMIT',
  'LM_CONTEXT_WINDOW',
  'LM_MODEL_NOT_FOUND',
  'LM_AUTH',
  'LM_SERVER',
  'LM_ABORTED',
  'CONFIG_INVALID',
  'STATE_MISMATCH',
  'FILE_INVALID',
  'EXECUTION_CANCELLED',
  'TOOL_ERROR',
  'SANDBOX_ERROR',
  'NOT_SUPPORTED',
  'QUEUE_UNAVAILABLE',
  'QUEUE_JOB_INVALID',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
