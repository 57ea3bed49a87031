import type { TraceEntry } from '../context/settings';
import type { LmUsage } from '../lm/language-model';
import type { Example } from '../primitives/example';

/** What a metric may return: a number, a boolean (1/0), or anything with a numeric `valueOf` (a Prediction with `score`). */
export type MetricValue = number | boolean | { valueOf(): number };

/**
 * Scores one prediction against its example. `trace` is given by optimizers while bootstrapping
 * (then metrics often return a strict boolean); Evaluate calls metrics with two arguments, as DSPy.
 *
 * @example
 * const metric: Metric = (example, pred) => example.answer === pred.answer;
 */
export type MetricFn<E extends object = any, P = any> = (
  example: Example<E>,
  prediction: P,
  trace?: readonly TraceEntry[],
) => MetricValue | Promise<MetricValue>;

/** A metric object (e.g. `SemanticF1`, which holds an LM judge) called as `metric.call(example, prediction, trace)`. */
export interface MetricModule<E extends object = any, P = any> {
  call(example: Example<E>, prediction: P, trace?: readonly TraceEntry[]): MetricValue | Promise<MetricValue>;
}

export type Metric<E extends object = any, P = any> = MetricFn<E, P> | MetricModule<E, P>;

/** Anything Evaluate can run: a program (`call(inputs, { signal })`) or a plain async function. */
export type ProgramLike<P = unknown> =
  | { call(inputs: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<P> }
  | ((inputs: Record<string, unknown>) => P | Promise<P>);

/** Why a row failed: the LM (infrastructure, not scored), the program, or the metric. */
export type ErrorKind = 'lm' | 'program' | 'metric';

/** One evaluated example. */
export interface EvaluationRow<E extends object = any, P = unknown> {
  readonly index: number;
  readonly example: Example<E>;
  /** Missing when the program failed. */
  readonly prediction?: P;
  /** `undefined` for LM failures: they are errors, never scored as wrong answers. Program/metric errors get `failureScore`. */
  readonly score: number | undefined;
  readonly error?: unknown;
  readonly errorKind?: ErrorKind;
  /** Tokens of this row (program and LM-judged metric), per model. */
  readonly usage: Readonly<Record<string, LmUsage>>;
  readonly lmCalls: number;
  readonly cacheHits: number;
  readonly durationMs: number;
}

export interface EvaluationTotals {
  /** LM calls that reached a model (cache hits not counted). */
  readonly lmCalls: number;
  readonly cacheHits: number;
  readonly tokens: LmUsage;
  /**
   * USD spent by the run (program and metric calls), summed from each row's per-model usage with
   * the price table (`setModelPrices`); models without a price (local ones) cost 0.
   */
  readonly costUsd: number;
  /** Wall-clock time of the whole run. */
  readonly durationMs: number;
  /** Rows that failed, of any kind. */
  readonly errors: number;
  /** Of those, LM failures (not scored, not in the average). */
  readonly lmErrors: number;
  /** Rows in the average: every row but LM failures. */
  readonly scored: number;
}
