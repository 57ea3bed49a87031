import { DspyError } from '../errors/dspy-error';
import { Parallel, type Callable, type ExecPair } from '../modules/parallel';
import type { ParallelProgress } from '../utils/parallel-executor';
import { ExampleImpl } from './example';

/**
 * Options of `program.batch()` (DSPy's `Module.batch`).
 *
 * @example
 * await qa.batch(devset, { concurrency: 4, maxErrors: 2, returnFailed: true });
 */
export interface BatchOptions<F extends boolean = boolean> {
  /** Examples in flight at once (DSPy's `num_threads`, default 8). */
  readonly concurrency?: number;
  /** Stop once this many examples failed (DSPy's `max_errors`, default 10): the batch rejects with `EXECUTION_CANCELLED`. */
  readonly maxErrors?: number;
  /** Resolve to `{ results, failedExamples, exceptions }` (DSPy's `return_failed_examples`). */
  readonly returnFailed?: F;
  /** Aborting it stops the batch; calls in flight see the signal. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ParallelProgress<unknown>) => void;
}

/**
 * `batch(..., { returnFailed: true })`: results in example order (`undefined` where one failed), the
 * failed examples (their inputs, as DSPy returns `example.inputs()`) and what each threw, in the same order.
 */
export interface BatchReport<O> {
  readonly results: (O | undefined)[];
  readonly failedExamples: unknown[];
  readonly exceptions: unknown[];
}

/**
 * Runs `program` on every example with bounded concurrency, as DSPy's `Module.batch`: an `Example`
 * is called with its `inputs()` (so `withInputs` must have been set), a plain object as it is.
 */
export async function runBatch<O>(
  program: Callable,
  examples: readonly unknown[],
  options: BatchOptions = {},
): Promise<(O | undefined)[] | BatchReport<O>> {
  if (!Array.isArray(examples))
    throw new DspyError(
      'INPUT_INVALID',
      `batch() takes an array of Examples or input objects, got ${examples === null ? 'null' : typeof examples}.`,
    );
  const pairs: ExecPair[] = examples.map((example, i) => [program, batchInput(example, i)]);
  const parallel = new Parallel({
    concurrency: options.concurrency,
    maxErrors: options.maxErrors,
    returnFailedExamples: options.returnFailed ?? false,
    onProgress: options.onProgress,
  });
  const out = await parallel.call(pairs, { signal: options.signal });
  return out as (O | undefined)[] | BatchReport<O>;
}

function batchInput(example: unknown, index: number): ExecPair[1] {
  if (example instanceof ExampleImpl) {
    if (example.inputKeys === undefined)
      throw new DspyError(
        'INPUT_INVALID',
        `batch(): example #${index} has no input keys. Mark them with example.withInputs('question', ...) or pass a plain object of inputs.`,
      );
    return example.inputs();
  }
  if (typeof example === 'object' && example !== null && !Array.isArray(example))
    return example as Record<string, unknown>;
  throw new DspyError(
    'INPUT_INVALID',
    `batch(): example #${index} must be an Example or an object of inputs, got ${Array.isArray(example) ? 'an array' : example === null ? 'null' : typeof example}.`,
  );
}
