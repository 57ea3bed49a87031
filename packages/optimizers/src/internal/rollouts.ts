import { DspyError, type Example, type TraceEntry, withSettings } from '@dspy-ts/core';
import { isLmFailure } from '@dspy-ts/core/provider-kit';
import type { AnyProgram } from '../optimizer';

/** What a metric may return to the instruction optimizers: a number, a boolean, or a score with feedback. */
export type ScoreLike = number | boolean | { readonly score: number | boolean; readonly feedback?: string | null };

/** One program run on one example, scored. */
export interface Rollout {
  readonly example: Example<any>;
  /** The program's output; undefined when it threw. */
  readonly prediction?: any;
  /** Predictor calls of this run (inputs/outputs per step). */
  readonly trace: readonly TraceEntry[];
  /** The number the optimizer ranks by (`failureScore` when the program or metric failed). */
  readonly score: number;
  /** What the metric returned, when it returned an object. */
  readonly metricValue?: unknown;
  /** Why this example scored `failureScore`: the program (or its LM) threw, or the metric threw or returned NaN. */
  readonly failure?: { readonly kind: 'program' | 'lm' | 'metric'; readonly message: string };
}

export interface RolloutOptions {
  readonly concurrency: number;
  readonly failureScore: number;
  readonly signal?: AbortSignal;
  /** Passes the trace to the metric as its third argument (DSPy does when it captures traces). */
  readonly traceToMetric?: boolean;
}

export type AnyMetric = (
  example: Example<any>,
  prediction: any,
  trace?: readonly TraceEntry[],
  ...rest: any[]
) => unknown;

/** The score in a metric's value (a number, a boolean, or `{ score }`); NaN when there is none. */
export function scoreOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  if (value !== null && typeof value === 'object' && 'score' in value)
    return scoreOf((value as { score: unknown }).score);
  if (value !== null && typeof value === 'object' && typeof (value as { valueOf?: unknown }).valueOf === 'function') {
    const n = (value as { valueOf(): unknown }).valueOf();
    return typeof n === 'number' ? n : NaN;
  }
  return NaN;
}

/**
 * Runs `program` on each example (up to `concurrency` at once) recording its trace, then scores it
 * with `metric`. Failures never stop the batch: a program that throws, a metric that throws or
 * returns NaN scores `failureScore` and says why (DSPy's `failure_score`). Only when every example
 * failed on the LM (a server that is down) does it throw, so a dead model cannot be mistaken for
 * a run of bad candidates.
 */
export async function rollouts(
  program: AnyProgram,
  examples: readonly Example<any>[],
  metric: AnyMetric,
  o: RolloutOptions,
): Promise<Rollout[]> {
  const out = await mapLimit(examples, o.concurrency, async (example) => {
    o.signal?.throwIfAborted();
    const trace: TraceEntry[] = [];
    let prediction: unknown;
    try {
      const inputs = Object.fromEntries(example.inputs().items());
      prediction = await withSettings({ trace }, () => program.call(inputs as never, { signal: o.signal } as never));
    } catch (error) {
      if (o.signal?.aborted) throw error;
      const kind = isLmFailure(error) ? ('lm' as const) : ('program' as const);
      return { example, trace, score: o.failureScore, failure: { kind, message: describe(error) }, error };
    }
    try {
      const metricValue = o.traceToMetric
        ? await metric(example, prediction, trace)
        : await metric(example, prediction);
      const score = scoreOf(metricValue);
      if (Number.isNaN(score)) {
        return {
          example,
          prediction,
          trace,
          score: o.failureScore,
          metricValue,
          failure: { kind: 'metric' as const, message: `the metric returned ${String(metricValue)}, not a number` },
        };
      }
      return { example, prediction, trace, score, metricValue };
    } catch (error) {
      return {
        example,
        prediction,
        trace,
        score: o.failureScore,
        failure: { kind: 'metric' as const, message: describe(error) },
      };
    }
  });
  const lmFailures = out.filter((r) => r.failure?.kind === 'lm');
  if (out.length > 0 && lmFailures.length === out.length) throw (lmFailures[0] as { error: unknown }).error;
  return out.map(({ error: _e, ...r }: Rollout & { error?: unknown }) => r);
}

/** Counts of failed rollouts by kind, for reports. */
export interface FailureCounts {
  program: number;
  lm: number;
  metric: number;
  /** The first failure's message, to show what went wrong. */
  first?: string;
}

export function countFailures(into: FailureCounts, rows: readonly Rollout[]): FailureCounts {
  for (const r of rows) {
    if (!r.failure) continue;
    into[r.failure.kind]++;
    into.first ??= `${r.failure.kind}: ${r.failure.message}`;
  }
  return into;
}

export const noFailures = (): FailureCounts => ({ program: 0, lm: 0, metric: 0 });

/** Runs `fn` over items with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

function describe(error: unknown): string {
  if (error instanceof DspyError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
