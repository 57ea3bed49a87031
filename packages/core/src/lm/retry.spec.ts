import { DspyError, LmError } from '../errors/dspy-error';
import { backoffDelay, isRetryable, parseRetryAfter, retryDelay, withRetry } from './retry';

const headers = (h: Record<string, string>) => ({ get: (k: string) => h[k] ?? null });

describe('parseRetryAfter', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(headers({ 'retry-after': '0.5' }))).toBe(500);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '150', 'retry-after': '9' }))).toBe(150);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfter(headers({}))).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});

describe('backoff', () => {
  it('doubles with equal jitter and is capped', () => {
    expect(backoffDelay(0, { initialDelayMs: 100 }, () => 0)).toBe(50);
    expect(backoffDelay(0, { initialDelayMs: 100 }, () => 1)).toBe(100);
    expect(backoffDelay(3, { initialDelayMs: 100 }, () => 1)).toBe(800);
    expect(backoffDelay(20, { initialDelayMs: 100, maxDelayMs: 1000 }, () => 1)).toBe(1000);
  });

  it('retries only rate limits, server and connection errors', () => {
    expect(isRetryable(new LmError('LM_RATE_LIMIT', 'x'))).toBe(true);
    expect(isRetryable(new LmError('LM_SERVER', 'x'))).toBe(true);
    expect(isRetryable(new LmError('LM_CONNECTION', 'x'))).toBe(true);
    expect(isRetryable(new LmError('LM_AUTH', 'x'))).toBe(false);
    expect(isRetryable(new LmError('LM_CONTEXT_WINDOW', 'x'))).toBe(false);
    expect(isRetryable(new DspyError('ADAPTER_PARSE', 'x'))).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });

  it('honours Retry-After, up to maxRetryAfterMs', () => {
    const err = new LmError('LM_RATE_LIMIT', 'x', { retryAfterMs: 1234 });
    expect(retryDelay(err, 0)).toBe(1234);
    expect(retryDelay(err, 0, { maxRetryAfterMs: 1000 })).toBeUndefined();
    expect(retryDelay(err, 3, { maxRetries: 3 })).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('retries retryable errors and then succeeds', async () => {
    let n = 0;
    const delays: number[] = [];
    const result = await withRetry(
      async () => {
        if (n++ < 2) throw new LmError('LM_SERVER', 'boom', { retryAfterMs: 5 });
        return 'ok';
      },
      { maxRetries: 3 },
      undefined,
      (_e, d) => delays.push(d),
    );
    expect(result).toBe('ok');
    expect(n).toBe(3);
    expect(delays).toEqual([5, 5]);
  });

  it('gives up after maxRetries and rethrows the last error', async () => {
    let n = 0;
    await expect(
      withRetry(
        async () => {
          n++;
          throw new LmError('LM_CONNECTION', `fail ${n}`);
        },
        { maxRetries: 2, initialDelayMs: 1 },
      ),
    ).rejects.toThrow('fail 3');
  });

  it('does not retry other errors', async () => {
    let n = 0;
    await expect(
      withRetry(async () => {
        n++;
        throw new LmError('LM_AUTH', 'no');
      }),
    ).rejects.toThrow('no');
    expect(n).toBe(1);
  });

  it('stops waiting when the signal aborts', async () => {
    const ac = new AbortController();
    const p = withRetry(
      async () => {
        throw new LmError('LM_SERVER', 'x', { retryAfterMs: 10_000 });
      },
      {},
      ac.signal,
    );
    setTimeout(() => ac.abort(new Error('stop')), 10);
    await expect(p).rejects.toThrow('stop');
  });
});
