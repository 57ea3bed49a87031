import { setMaxListeners } from 'node:events';
import { DspyError } from '../errors/dspy-error';
import { describeError } from './describe-error';

/** A failed item: its position in the input and what it threw. */
export interface ItemError {
  readonly index: number;
  readonly error: unknown;
}

/** Reported after every finished item (success or failure). */
export interface ParallelProgress<R> {
  readonly index: number;
  readonly done: number;
  readonly total: number;
  readonly errors: number;
  readonly result?: R;
  readonly error?: unknown;
}

export interface ParallelOptions<R> {
  /** Items in flight at once (DSPy's `num_threads`). Default 8. */
  concurrency?: number;
  /** Stop everything once this many items failed (DSPy's `max_errors`). Default 10. */
  maxErrors?: number;
  /** Aborting it cancels the run like reaching `maxErrors`. */
  signal?: AbortSignal;
  onProgress?: (progress: ParallelProgress<R>) => void;
}

const CANCELLED = 'Execution cancelled due to errors or interruption.';

/**
 * Runs an async function over items with bounded concurrency (DSPy's `ParallelExecutor`).
 * Results come back in input order; failed items are `undefined` and listed in `errors`.
 * When `maxErrors` items have failed, or `signal` aborts, no new item starts, in-flight items
 * see their `AbortSignal` fire, and `execute` rejects with `DspyError('EXECUTION_CANCELLED')`
 * whose `details.errors` lists the failures.
 *
 * @example
 * const executor = new ParallelExecutor({ concurrency: 4, maxErrors: 3 });
 * const answers = await executor.execute(questions, (q, i, signal) => qa.call({ question: q }, { signal }));
 * executor.errors; // [{ index, error }] of items that failed
 */
export class ParallelExecutor<R = unknown> {
  readonly concurrency: number;
  readonly maxErrors: number;
  /** Failures of the last `execute`, in the order they happened. */
  errors: ItemError[] = [];

  constructor(private readonly options: ParallelOptions<R> = {}) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
    this.maxErrors = options.maxErrors ?? 10;
  }

  /** Indexes of the items that failed in the last `execute`. */
  get failedIndices(): number[] {
    return this.errors.map((e) => e.index);
  }

  async execute<I>(
    items: readonly I[],
    fn: (item: I, index: number, signal: AbortSignal) => Promise<R> | R,
  ): Promise<(R | undefined)[]> {
    this.errors = [];
    const results = new Array<R | undefined>(items.length).fill(undefined);
    const controller = new AbortController();
    // Every row in flight hangs its LM calls' abort listeners on this one signal: past 10 rows
    // Node would warn of a listener leak that is none.
    setMaxListeners(0, controller.signal);
    let next = 0;
    let done = 0;
    let cancel!: (reason: DspyError) => void;
    const cancelled = new Promise<never>((_, reject) => (cancel = reject));

    const stop = (why: string, cause?: unknown) => {
      if (controller.signal.aborted) return;
      const first = this.errors[0];
      const detail = first ? ` First error (item ${first.index}): ${describeError(first.error)}` : '';
      const error = new DspyError('EXECUTION_CANCELLED', `${CANCELLED} ${why}${detail}`, {
        cause: cause ?? first?.error,
        details: { errors: [...this.errors], completed: done, total: items.length },
      });
      controller.abort(error);
      cancel(error);
    };
    const external = this.options.signal;
    const onAbort = () =>
      stop(
        `The run was aborted${external?.reason === undefined ? '' : `: ${describeError(external.reason)}`}.`,
        external?.reason,
      );
    if (external?.aborted) onAbort();
    external?.addEventListener('abort', onAbort, { once: true });

    const worker = async () => {
      while (!controller.signal.aborted && next < items.length) {
        const index = next++;
        let error: unknown;
        let failed = false;
        try {
          results[index] = await fn(items[index]!, index, controller.signal);
        } catch (e) {
          [failed, error] = [true, e];
        }
        if (controller.signal.aborted) return; // finished after cancellation: ignored
        done++;
        if (failed) this.errors.push({ index, error });
        this.options.onProgress?.({
          index,
          done,
          total: items.length,
          errors: this.errors.length,
          result: results[index],
          error,
        });
        if (failed && this.errors.length >= this.maxErrors) {
          stop(`${this.errors.length} of ${items.length} items failed (maxErrors=${this.maxErrors}).`);
        }
      }
    };

    try {
      const workers = Array.from({ length: Math.min(this.concurrency, items.length) }, worker);
      await Promise.race([Promise.all(workers), cancelled]);
      return results;
    } finally {
      external?.removeEventListener('abort', onAbort);
      cancelled.catch(() => undefined); // a late cancel must not surface as an unhandled rejection
    }
  }
}
