import { HttpStatus } from '@nestjs/common';
import { DspyError, type ErrorCode } from '@dspy-ts/core';

/** What an HTTP client is told about a failed dspy call. Never carries the LM's raw text. */
export interface DspyHttpError {
  readonly statusCode: number;
  readonly error: string;
  /** The `DspyError` code (`LM_TIMEOUT`, `ADAPTER_PARSE`, ...). */
  readonly code: ErrorCode | 'INTERNAL';
  readonly message: string;
  /** Seconds to wait before retrying (also sent as `Retry-After`); only on 503. */
  readonly retryAfterSeconds?: number;
}

const REPLY_NOT_PARSED: readonly ErrorCode[] = ['ADAPTER_PARSE', 'OUTPUT_VALIDATION'];

/**
 * Maps an error to the HTTP answer: LM failures → 503 with a retry hint (the provider's
 * `Retry-After` when it sent one), replies that could not be parsed even after the adapter's
 * fallback → 502, invalid program inputs → 400, everything else → 500 with a generic message.
 *
 * @example
 * toHttpError(new LmError('LM_TIMEOUT', 'timed out')); // { statusCode: 503, retryAfterSeconds: 5, ... }
 */
export function toHttpError(err: unknown, defaultRetryAfterSeconds = 5): DspyHttpError {
  if (!DspyError.is(err)) return internal();
  const code = err.code;
  if (code.startsWith('LM_') && code !== 'LM_MISSING') {
    const retryAfterMs = (err as { retryAfterMs?: number }).retryAfterMs;
    const retryAfterSeconds =
      retryAfterMs && retryAfterMs > 0 ? Math.ceil(retryAfterMs / 1000) : defaultRetryAfterSeconds;
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: 'Service Unavailable',
      code,
      message: `The language model is unavailable (${code}). Retry in ${retryAfterSeconds} s.`,
      retryAfterSeconds,
    };
  }
  if (REPLY_NOT_PARSED.includes(code)) {
    return {
      statusCode: HttpStatus.BAD_GATEWAY,
      error: 'Bad Gateway',
      code,
      message: 'The language model replied in a form that could not be used. Retrying may help.',
    };
  }
  if (code === 'INPUT_INVALID') {
    return { statusCode: HttpStatus.BAD_REQUEST, error: 'Bad Request', code, message: err.message.split('\n')[0]! };
  }
  return { ...internal(), code };
}

function internal(): DspyHttpError {
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    error: 'Internal Server Error',
    code: 'INTERNAL',
    message: 'Internal server error',
  };
}

/** The raw LM text of a parse failure, for logs only. */
export function rawLmText(err: unknown): string | undefined {
  const raw = (err as { lmResponse?: unknown } | null)?.lmResponse;
  return typeof raw === 'string' ? raw : undefined;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
};

/**
 * The 4xx answer for an error that carries its own client status, as body-parser's do
 * (`PayloadTooLargeError`: `status: 413, expose: true`); `undefined` for anything else.
 *
 * @example
 * clientErrorOf(Object.assign(new Error('request entity too large'), { status: 413, expose: true, type: 'entity.too.large' }));
 * // { statusCode: 413, error: 'Payload Too Large', code: 'INPUT_INVALID', message: 'request entity too large' }
 */
export function clientErrorOf(err: unknown): DspyHttpError | undefined {
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : e?.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499 || e?.expose !== true) return undefined;
  return {
    statusCode: status,
    error: STATUS_TEXT[status] ?? 'Bad Request',
    code: 'INPUT_INVALID',
    message: typeof e.message === 'string' ? e.message.split('\n')[0]! : 'Bad request',
  };
}
