import { DspyError } from '../errors/dspy-error';
import { onAbort } from './on-abort';

/** How a call is retried on rate limits (429), server errors (5xx) and connection errors. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3, as DSPy's `num_retries`); 0 turns retries off. */
  maxRetries?: number;
  /** First backoff delay in ms (default 500); doubles on each retry, with jitter. */
  initialDelayMs?: number;
  /** Upper bound of one backoff delay in ms (default 10,000). */
  maxDelayMs?: number;
  /** Longest `Retry-After` honoured, in ms; a server asking for longer fails the call at once (default 60,000). */
  maxRetryAfterMs?: number;
  /**
   * Deadline of one attempt in ms, under the call's `timeoutMs`: an attempt that gets no complete
   * reply (or, streaming, no first token) in time is cancelled and retried as `LM_TIMEOUT`, as the
   * official OpenAI clients do. Providers default to 120,000; unset (BaseLM's default) means one
   * attempt may use the whole call deadline.
   */
  attemptTimeoutMs?: number;
}

const RETRYABLE = ['LM_RATE_LIMIT', 'LM_SERVER', 'LM_CONNECTION', 'LM_TIMEOUT'] as const;

/**
 * True for errors worth another attempt: rate limits, server errors (garbled replies included),
 * connection failures and timeouts of one attempt (408, `attemptTimeoutMs`). A call's own deadline
 * is never retried: the retry loop stops once the call's signal has aborted.
 *
 * @example
 * isRetryable(new LmError('LM_RATE_LIMIT', '429')); // true
 */
export function isRetryable(err: unknown): boolean {
  return DspyError.is(err, ...RETRYABLE);
}

/**
 * Exponential backoff with "equal jitter": half the delay fixed, half random.
 * `attempt` is 0 for the first retry.
 *
 * @example
 * backoffDelay(2, { initialDelayMs: 500 }); // between 1000 and 2000
 */
export function backoffDelay(attempt: number, options: RetryOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 10_000;
  const exp = Math.min(cap, initial * 2 ** attempt);
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * How long to wait before retry number `attempt` (0-based) after `err`, or `undefined` when the
 * call must fail now: not retryable, out of retries, or a `Retry-After` longer than allowed.
 *
 * @example
 * retryDelay(new LmError('LM_RATE_LIMIT', '429', { retryAfterMs: 2000 }), 0); // 2000
 */
export function retryDelay(err: unknown, attempt: number, options: RetryOptions = {}): number | undefined {
  if (attempt >= (options.maxRetries ?? 3) || !isRetryable(err)) return undefined;
  const retryAfter = (err as { retryAfterMs?: number }).retryAfterMs;
  if (typeof retryAfter === 'number' && retryAfter >= 0) {
    return retryAfter > (options.maxRetryAfterMs ?? 60_000) ? undefined : retryAfter;
  }
  return backoffDelay(attempt, options);
}

/**
 * Runs `fn` until it succeeds, retrying retryable `LmError`s with backoff (honouring their
 * `retryAfterMs`). An aborted `signal` stops the waiting at once.
 *
 * @example
 * const res = await withRetry(() => client.send(body), { maxRetries: 5 }, signal);
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
  signal?: AbortSignal,
  onRetry?: (err: unknown, delayMs: number, attempt: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const delay = signal?.aborted ? undefined : retryDelay(err, attempt, options);
      if (delay === undefined) throw err;
      onRetry?.(err, delay, attempt);
      await sleep(delay, signal);
    }
  }
}

/**
 * Resolves after `ms`; rejects with the signal's reason when it aborts first.
 *
 * @example
 * await sleep(100, request.signal);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      resolve();
    }, ms);
    const off = onAbort(signal, () => {
      clearTimeout(timer);
      reject(signal!.reason);
    });
  });
}

/**
 * Milliseconds a server asks to wait: `retry-after-ms`, else `retry-after` as seconds or an
 * HTTP date. `undefined` when absent or unreadable.
 *
 * @example
 * parseRetryAfter(response.headers); // 2000 for "Retry-After: 2"
 */
export function parseRetryAfter(headers: { get(name: string): string | null }, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
