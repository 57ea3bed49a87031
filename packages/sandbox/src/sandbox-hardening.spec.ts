// Issue 14: a sandboxed program cannot hold the caller's event loop, an overrun is a timeout,
// errors are capped like console output, and an engine out of memory says so.
import { DspyError, type SandboxResult } from '@dspy-ts/core';
import { JsSandbox } from './js-sandbox';
import { KILL_MARGIN_MS } from './worker-pool';

function failure(run: SandboxResult) {
  if (run.ok) throw new Error(`expected a failure, got ${JSON.stringify(run).slice(0, 200)}`);
  return run.error;
}

/** Runs `fn` while sampling the event loop every 5 ms; returns its result and the longest stall seen. */
async function withLoopProbe<T>(fn: () => Promise<T>): Promise<{ value: T; worstBlockMs: number }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  try {
    const value = await fn();
    // One more tick, so a stall that ended just now is measured too.
    await new Promise((r) => setTimeout(r, 20));
    return { value, worstBlockMs: worst };
  } finally {
    clearInterval(timer);
  }
}

const SORT_800K =
  'const a = []; for (let i = 0; i < 8e5; i++) a.push(Math.random()); a.sort((x, y) => x - y); a.length';

describe('JsSandbox runs programs where they can be stopped', () => {
  const sandbox = new JsSandbox({ timeoutMs: 1_000 });

  it('one long builtin call (sorting 800k numbers) is stopped as a timeout, and never blocks the event loop', async () => {
    // Warm the pool so the measurement is of the run, not of starting a worker.
    await sandbox.run('1');
    const { value: run, worstBlockMs } = await withLoopProbe(() => sandbox.run(SORT_800K, { timeoutMs: 1_000 }));
    expect(failure(run)).toMatchObject({ kind: 'timeout', name: 'TimeoutError' });
    expect(run.durationMs).toBeLessThan(1_000 + KILL_MARGIN_MS + 400);
    expect(worstBlockMs).toBeLessThan(250);
  });

  it('an infinite loop does not block the caller either', async () => {
    const { value: run, worstBlockMs } = await withLoopProbe(() => sandbox.run('while (true) {}', { timeoutMs: 500 }));
    expect(failure(run).kind).toBe('timeout');
    expect(worstBlockMs).toBeLessThan(250);
  });

  it('a 30 MB result is refused without being copied out', async () => {
    const { value: run, worstBlockMs } = await withLoopProbe(() =>
      sandbox.run('SUBMIT("x".repeat(3e7))', { memoryLimitBytes: 256 * 1024 * 1024, timeoutMs: 5_000 }),
    );
    expect(failure(run)).toMatchObject({ name: 'ResultTooLargeError' });
    expect(worstBlockMs).toBeLessThan(250);
  });

  it('an aborted signal stops a run under way', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const started = Date.now();
    await expect(sandbox.run('while (true) {}', { timeoutMs: 10_000, signal: abort.signal })).rejects.toMatchObject({
      code: 'EXECUTION_CANCELLED',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The sandbox keeps working afterwards.
    await expect(sandbox.run('2 + 2')).resolves.toMatchObject({ ok: true, result: 4 });
    expect(DspyError).toBeDefined();
  });

  it('caps the error message of a failing program (default 2,000 characters)', async () => {
    const error = failure(await sandbox.run('throw new Error("x".repeat(5e6))'));
    expect(error.message.length).toBeLessThan(2_100);
    expect(error.message).toMatch(/truncated: 5000000 characters in all/);
    const small = failure(await sandbox.run('throw new Error("y".repeat(500))', { maxErrorChars: 100 }));
    expect(small.message.length).toBeLessThan(200);
  });

  it('an engine that runs out of memory while building objects reports a MemoryError, not "uncaught null"', async () => {
    const error = failure(
      await sandbox.run('const a = []; for (let i = 0; ; i++) a.push({ i, s: "y".repeat(100) });', {
        timeoutMs: 10_000,
      }),
    );
    expect(error).toMatchObject({ kind: 'memory', name: 'MemoryError' });
  });
});
