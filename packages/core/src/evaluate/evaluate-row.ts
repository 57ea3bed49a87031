import { trackUsage } from '../context/usage-tracker';
import { DspyError } from '../errors/dspy-error';
import type { Example } from '../primitives/example';
import { isLmFailure } from '../utils/describe-error';
import type { ErrorKind, EvaluationRow, Metric, MetricValue, ProgramLike } from './types';

type Outcome<P> = { prediction?: P; score?: number; error?: unknown; kind?: ErrorKind };

/** Options of one row, as `Evaluate` passes them. */
export interface EvaluateRowOptions {
  readonly signal?: AbortSignal;
  /** Score of a row whose program or metric threw (LM failures stay unscored). Default 0. */
  readonly failureScore?: number;
}

/**
 * Runs and scores one example exactly as `Evaluate` does for each row: the program on the example's
 * inputs, then the metric; usage, LM calls and time measured for this row alone. Never throws for a
 * failing program or metric: the row carries the error and its kind. Distributed runners call this
 * on their workers so a remote row is the same as a local one.
 *
 * @example
 * const row = await evaluateRow(program, answerExactMatch, devset[3], 3);
 * row.score; // 1, 0, or undefined when the LM failed
 */
export async function evaluateRow<E extends object, P>(
  program: ProgramLike<P>,
  metric: Metric<E, P>,
  example: Example<E>,
  index: number,
  options: EvaluateRowOptions = {},
): Promise<EvaluationRow<E, P>> {
  const t0 = performance.now();
  const signal = options.signal ?? new AbortController().signal;
  const { result: outcome, usage } = await trackUsage(() => runRow(program, metric, example, signal));
  const failed = outcome.error !== undefined || outcome.kind !== undefined;
  const score = outcome.kind === 'lm' ? undefined : failed ? (options.failureScore ?? 0) : outcome.score;
  return {
    index,
    example,
    prediction: outcome.prediction,
    score,
    error: outcome.error,
    errorKind: outcome.kind,
    usage: usage.byModelName(),
    lmCalls: usage.calls,
    cacheHits: usage.cacheHits,
    durationMs: performance.now() - t0,
  };
}

async function runRow<E extends object, P>(
  program: ProgramLike<P>,
  metric: Metric<E, P>,
  example: Example<E>,
  signal: AbortSignal,
): Promise<Outcome<P>> {
  // Shallow inputs (DSPy's `**example.inputs()`): nested values such as History stay objects.
  const inputs = Object.fromEntries(example.inputs().items());
  let prediction: P;
  try {
    prediction = await (typeof program === 'function' ? program(inputs) : program.call(inputs, { signal }));
  } catch (error) {
    return { error, kind: isLmFailure(error) ? 'lm' : 'program' };
  }
  try {
    const value = await (typeof metric === 'function' ? metric(example, prediction) : metric.call(example, prediction));
    return { prediction, score: toScore(value) };
  } catch (error) {
    return { prediction, error, kind: isLmFailure(error) ? 'lm' : 'metric' };
  }
}

function toScore(value: MetricValue): number {
  const n = Number(value); // a Prediction converts through its `score` (Symbol.toPrimitive)
  if (Number.isNaN(n))
    throw new DspyError('CONFIG_INVALID', `The metric returned ${String(value)}, which is not a number or boolean.`);
  return n;
}
