import { DspyError } from '../errors/dspy-error';
import { ExampleImpl } from '../primitives/example';
import type { CallOptions } from '../primitives/program';
import { type ItemError, ParallelExecutor, type ParallelProgress } from '../utils/parallel-executor';

/** Anything with `call(inputs, options)`: a program, a predictor, or a `Parallel`. */
export interface Callable {
  call(inputs: any, options?: CallOptions): Promise<unknown>;
}

/** What a pair's program receives: an Example (its `inputs()` by default), an object, or for a nested `Parallel`, pairs. */
export type ParallelInput = ExampleImpl<any> | Readonly<Record<string, unknown>> | readonly ExecPair[];
export type ExecPair = readonly [Callable, ParallelInput];

/**
 * @example
 * new Parallel({ concurrency: 4, maxErrors: 2, returnFailedExamples: true });
 */
export interface ParallelModuleOptions<F extends boolean = boolean> {
  /** Pairs in flight at once (DSPy's `num_threads`, default 8). */
  readonly concurrency?: number;
  /** Stop once this many pairs failed (DSPy's `max_errors`, default 10). */
  readonly maxErrors?: number;
  /** Pass an Example's `inputs()` (default true) rather than the Example itself. */
  readonly accessExamples?: boolean;
  /** Return `{ results, failedExamples, exceptions }` instead of the results alone. */
  readonly returnFailedExamples?: F;
  readonly onProgress?: (progress: ParallelProgress<unknown>) => void;
}

/** Results with the inputs and errors of the pairs that failed (`returnFailedExamples: true`). */
export interface ParallelReport {
  readonly results: unknown[];
  readonly failedExamples: ParallelInput[];
  readonly exceptions: unknown[];
}

/** What `Parallel.call` resolves to: the results, or a `ParallelReport` with `returnFailedExamples: true`. */
export type ParallelResult<F extends boolean> = F extends true ? ParallelReport : unknown[];

/**
 * DSPy's `Parallel`: runs (program, example) pairs with bounded concurrency; results come back
 * in pair order, `undefined` for pairs that failed. Settings scoped with `withSettings` reach
 * every pair. Reaching `maxErrors` failures cancels the rest (`EXECUTION_CANCELLED`).
 *
 * @example
 * const parallel = new Parallel({ concurrency: 4 });
 * const answers = await parallel.call(questions.map((q) => [qa, { question: q }] as const));
 */
export class Parallel<F extends boolean = false> {
  readonly concurrency: number;
  readonly maxErrors: number;
  readonly accessExamples: boolean;
  readonly returnFailedExamples: F;

  constructor(private readonly options: ParallelModuleOptions<F> = {}) {
    this.concurrency = options.concurrency ?? 8;
    this.maxErrors = options.maxErrors ?? 10;
    this.accessExamples = options.accessExamples ?? true;
    this.returnFailedExamples = (options.returnFailedExamples ?? false) as F;
  }

  async call(pairs: readonly ExecPair[], options: CallOptions = {}): Promise<ParallelResult<F>> {
    const executor = new ParallelExecutor<unknown>({
      concurrency: this.concurrency,
      maxErrors: this.maxErrors,
      signal: options.signal,
      onProgress: this.options.onProgress,
    });
    const results = await executor.execute(pairs, ([program, input], _i, signal) => this.run(program, input, signal));
    if (!this.returnFailedExamples) return results as ParallelResult<F>;
    const failed = [...executor.errors].sort((a: ItemError, b: ItemError) => a.index - b.index);
    const report: ParallelReport = {
      results,
      failedExamples: failed.map((e) => pairs[e.index]![1]),
      exceptions: failed.map((e) => e.error),
    };
    return report as ParallelResult<F>;
  }

  /** Same as `call` (DSPy's `forward`). */
  forward(pairs: readonly ExecPair[], options?: CallOptions): Promise<ParallelResult<F>> {
    return this.call(pairs, options);
  }

  private run(program: Callable, input: ParallelInput, signal: AbortSignal): Promise<unknown> {
    if (typeof program?.call !== 'function')
      throw new DspyError('INPUT_INVALID', 'Each pair must start with a program (something with a call() method).');
    if (input instanceof ExampleImpl)
      return program.call(this.accessExamples ? Object.fromEntries(input.inputs().items()) : input, { signal });
    if (Array.isArray(input)) {
      if (program instanceof Parallel) return program.call(input as readonly ExecPair[], { signal });
      throw new DspyError('INPUT_INVALID', 'A list of pairs can only be given to a nested Parallel.');
    }
    if (typeof input === 'object' && input !== null) return program.call(input, { signal });
    throw new DspyError(
      'INPUT_INVALID',
      `Invalid example type: ${typeof input}, only supported types are Example, object and (for a nested Parallel) a list of pairs.`,
    );
  }
}
