import { DspyError } from '../errors/dspy-error';
import type { Example } from '../primitives/example';
import { ParallelExecutor } from '../utils/parallel-executor';
import type { EvaluationResult } from './evaluation-result';
import { summarize, withSummary } from './evaluation-summary';
import { ProgressBar, shouldShowProgress, type EvaluateProgress, type ProgressSetting } from './progress';
import { evaluateRow } from './evaluate-row';
import type { EvaluationRow, Metric, ProgramLike } from './types';
import { observe } from '../observability/observe';

export interface EvaluateOptions<E extends object = any, P = any> {
  devset: readonly Example<E>[];
  metric: Metric<E, P>;
  /** Examples in flight at once. Default 8 (DSPy's `num_threads`). */
  concurrency?: number;
  /** Default `'auto'`: a bar on a TTY, none in CI or pipes. */
  progress?: ProgressSetting;
  /** Where the bar is drawn. Default `process.stderr`. */
  progressStream?: NodeJS.WritableStream;
  onProgress?: (progress: EvaluateProgress) => void;
  /** Score of a row whose program or metric threw (not LM failures: those are unscored). Default 0. */
  failureScore?: number;
  /** The run stops once this many rows failed, of any kind. Default 10. */
  maxErrors?: number;
  signal?: AbortSignal;
}

/**
 * Runs a program over a devset and scores it (DSPy's `Evaluate`). Per example: `program.call(example.inputs())`,
 * then `metric(example, prediction)`. LM failures (`LM_*` DspyErrors) are errors, never scored as wrong;
 * program and metric errors score `failureScore`; all count toward `maxErrors`, past which the run
 * stops with `EXECUTION_CANCELLED`.
 *
 * @example
 * const evaluate = new Evaluate({ devset, metric: answerExactMatch, concurrency: 4 });
 * const result = await evaluate.run(qa);
 * console.log(`${result.score}%`, result.totals.tokens.totalTokens);
 */
export class Evaluate<E extends object = any, P = any> {
  constructor(readonly options: EvaluateOptions<E, P>) {}

  run(
    program: ProgramLike<P>,
    overrides: Partial<Pick<EvaluateOptions<E, P>, 'devset' | 'metric' | 'signal'>> = {},
  ): Promise<EvaluationResult<E, P>> {
    const devset = overrides.devset ?? this.options.devset;
    const name = typeof program === 'function' ? program.name || 'program' : program.constructor.name;
    return observe(
      { kind: 'evaluate', instance: this, name, inputs: { program, devsetSize: devset?.length ?? 0 } },
      () => this.runOnce(program, overrides),
    );
  }

  private async runOnce(
    program: ProgramLike<P>,
    overrides: Partial<Pick<EvaluateOptions<E, P>, 'devset' | 'metric' | 'signal'>>,
  ): Promise<EvaluationResult<E, P>> {
    const { devset, metric, signal } = { ...this.options, ...overrides };
    const { concurrency = 8, failureScore = 0, maxErrors = 10, onProgress } = this.options;
    checkDevset(devset);
    const stream = this.options.progressStream ?? process.stderr;
    const bar = new ProgressBar(devset.length, shouldShowProgress(this.options.progress ?? 'auto', stream), stream);
    const rows: EvaluationRow<E, P>[] = [];
    const live = { done: 0, total: devset.length, errors: 0, sum: 0, scored: 0 };
    const started = performance.now();

    const evaluateOne = async (example: Example<E>, index: number, rowSignal: AbortSignal) => {
      const row = await evaluateRow(program, metric, example, index, { signal: rowSignal, failureScore });
      rows[index] = row;
      const failed = row.errorKind !== undefined;
      live.done++;
      if (failed) live.errors++;
      else [live.sum, live.scored] = [live.sum + row.score!, live.scored + 1];
      bar.update(live);
      onProgress?.({ ...live });
      if (failed) throw row.error; // counted by the executor toward maxErrors
    };

    try {
      await new ParallelExecutor({ concurrency, maxErrors, signal }).execute(devset, evaluateOne);
    } catch (error) {
      throw DspyError.is(error, 'EXECUTION_CANCELLED') ? withSummary(error, rows, maxErrors) : error;
    } finally {
      bar.stop();
    }
    return summarize(rows, performance.now() - started, metricName(metric));
  }
}

/**
 * Throws `CONFIG_INVALID` before any LM call when the devset is empty or an example has no
 * input keys (naming the first bad index).
 *
 * @example
 * checkDevset([new Example({ question: 'q', answer: 'a' })]); // throws: the example has no input keys
 * checkDevset([new Example({ question: 'q', answer: 'a' }).withInputs('question')]); // ok
 */
export function checkDevset(devset: readonly Example<any>[]): void {
  if (!Array.isArray(devset) || devset.length === 0) {
    throw new DspyError(
      'CONFIG_INVALID',
      'Evaluate needs a non-empty devset: got 0 examples, so there is nothing to score.',
    );
  }
  const bad = devset.findIndex((ex) => typeof ex?.inputKeys === 'undefined');
  if (bad >= 0) {
    throw new DspyError(
      'CONFIG_INVALID',
      `devset[${bad}] has no input keys. Mark them with \`example.withInputs('question')\` before evaluating.`,
    );
  }
}

/**
 * The metric's column name in exports: the function's (or metric class's) name, as DSPy.
 *
 * @example
 * metricName(function exactMatch() { return true; }); // 'exactMatch'
 * metricName(() => 1); // 'score'
 */
export function metricName(metric: Metric): string {
  const name = typeof metric === 'function' ? metric.name : metric.constructor?.name;
  return name && name !== 'Object' ? name : 'score';
}
