import { DspyError } from '../errors/dspy-error';
import { ParallelExecutor, type ParallelProgress } from './parallel-executor';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()));
  });
const failOn3 = async (item: number) => {
  if (item === 3) throw new Error('Intentional error');
  return item;
};

// Ports tests/utils/test_parallelizer.py (reference §4.3 item 53); "threads" are concurrent promises.
describe.each([3, 1])('ParallelExecutor (concurrency %i)', (concurrency) => {
  it('returns results in input order', async () => {
    const executor = new ParallelExecutor({ concurrency });
    expect(
      await executor.execute([1, 2, 3, 4, 5], async (x) => {
        await sleep(6 - x);
        return x * 2;
      }),
    ).toEqual([2, 4, 6, 8, 10]);
  });

  it('cancels once maxErrors is reached (test_max_errors_handling)', async () => {
    const executor = new ParallelExecutor({ concurrency, maxErrors: 1 });
    const run = executor.execute([1, 2, 3, 4, 5], failOn3);
    await expect(run).rejects.toThrow('Execution cancelled due to errors or interruption.');
    const error = await run.catch((e: unknown) => e);
    expect(DspyError.is(error, 'EXECUTION_CANCELLED')).toBe(true);
    expect((error as DspyError).details.errors).toEqual([{ index: 2, error: new Error('Intentional error') }]);
    expect((error as DspyError).message).toContain('First error (item 2): Error: Intentional error');
  });

  it('gives undefined for a failed item below maxErrors (test_max_errors_not_met)', async () => {
    const executor = new ParallelExecutor({ concurrency, maxErrors: 2 });
    expect(await executor.execute([1, 2, 3, 4, 5], failOn3)).toEqual([1, 2, undefined, 4, 5]);
  });

  it('tracks failed indexes and errors', async () => {
    const executor = new ParallelExecutor({ concurrency, maxErrors: 3 });
    const results = await executor.execute([1, 2, 3, 4, 5], async (item) => {
      if (item === 3) throw new TypeError('test error for 3');
      if (item === 5) throw new RangeError('test error for 5');
      return item;
    });
    expect(results).toEqual([1, 2, undefined, 4, undefined]);
    expect([...executor.failedIndices].sort()).toEqual([2, 4]);
    const byIndex = new Map(executor.errors.map((e) => [e.index, e.error]));
    expect(byIndex.get(2)).toEqual(new TypeError('test error for 3'));
    expect(byIndex.get(4)).toBeInstanceOf(RangeError);
  });

  it('counts tasks that return undefined as complete in progress', async () => {
    const seen: ParallelProgress<unknown>[] = [];
    const executor = new ParallelExecutor({ concurrency, onProgress: (p) => seen.push(p) });
    expect(await executor.execute([1, 2, 3, 4, 5], async () => undefined)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(seen.at(-1)).toMatchObject({ done: 5, total: 5, errors: 0 });
  });
});

describe('ParallelExecutor', () => {
  it('runs items concurrently, never more than `concurrency` at once', async () => {
    let active = 0;
    let peak = 0;
    const executor = new ParallelExecutor({ concurrency: 3 });
    const started = Date.now();
    await executor.execute([...Array(9).keys()], async () => {
      peak = Math.max(peak, ++active);
      await sleep(30);
      active--;
    });
    expect(peak).toBe(3);
    expect(Date.now() - started).toBeLessThan(9 * 30);
  });

  it('stops starting items and aborts in-flight ones on cancellation', async () => {
    const started: number[] = [];
    const aborted: number[] = [];
    const executor = new ParallelExecutor({ concurrency: 2, maxErrors: 1 });
    const run = executor.execute([0, 1, 2, 3, 4], async (i, _index, signal) => {
      started.push(i);
      if (i === 0) throw new Error('boom');
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => (aborted.push(i), resolve())));
    });
    await expect(run).rejects.toThrow(DspyError);
    expect(started).toEqual([0, 1]);
    expect(aborted).toEqual([1]);
    await sleep(5);
    expect(started).toEqual([0, 1]);
  });

  it('cancels when the caller aborts', async () => {
    const controller = new AbortController();
    const executor = new ParallelExecutor({ concurrency: 2 });
    const run = executor.execute([1, 2, 3], () => sleep(50));
    controller.abort(new Error('user pressed Ctrl-C'));
    const pre = new ParallelExecutor({ signal: controller.signal }).execute([1], async () => 1);
    await expect(pre).rejects.toThrow('The run was aborted: Error: user pressed Ctrl-C.');
    await expect(run).resolves.toHaveLength(3);

    const later = new AbortController();
    const running = new ParallelExecutor({ signal: later.signal }).execute([1, 2], (_x, _i, signal) =>
      sleep(1000, signal),
    );
    later.abort();
    await expect(running).rejects.toMatchObject({ code: 'EXECUTION_CANCELLED' });
  });

  it('handles an empty list', async () => {
    expect(await new ParallelExecutor().execute([], async () => 1)).toEqual([]);
  });
});
