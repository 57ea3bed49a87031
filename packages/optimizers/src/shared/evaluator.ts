/**
 * CandidateEvaluator: the one place every optimizer scores a candidate program.
 *
 * API:
 *   interface CandidateEvaluator { evaluate(program, examples, { metric, signal }): Promise<CandidateScore> }
 *   new LocalEvaluator({ concurrency?, maxErrors?, failureScore? })  // default: core's Evaluate
 *   resolveEvaluator(options.evaluator, { concurrency, maxErrors, failureScore })
 * Optimizers take `evaluator?: CandidateEvaluator`; a distributed evaluator (issue 11) implements
 * the same interface (e.g. sends `program.dumpState()` and example ids to workers) and may report
 * the cost its workers measured in `cost`, since their LM calls are not seen by this process.
 */
import { BaseLM, Evaluate, type Example, type Metric } from '@dspy-ts/core';
import { resolveLm } from '@dspy-ts/core/provider-kit';
import type { AnyProgram } from '../optimizer';
import type { RunCost } from '../internal/measure';

/** A candidate's score on a set of examples. */
export interface CandidateScore {
  /** Mean × 100, rounded to 2 decimals (`Evaluate`'s scale). */
  readonly score: number;
  /** Per example, in order; `null` for rows that failed with an LM error (unscored). */
  readonly subscores: readonly (number | null)[];
  /** Cost measured elsewhere (remote workers); local evaluation is measured by the caller. */
  readonly cost?: Partial<RunCost>;
}

export interface EvaluateContext {
  readonly metric: Metric;
  readonly signal?: AbortSignal;
}

/** Scores a candidate program on examples. */
export interface CandidateEvaluator {
  evaluate(program: AnyProgram, examples: readonly Example<any>[], context: EvaluateContext): Promise<CandidateScore>;
}

/**
 * Limits of the default evaluator (core's `Evaluate` in this process).
 *
 * @example
 * new LocalEvaluator({ concurrency: 4, maxErrors: 10, failureScore: 0 })
 */
export interface LocalEvaluatorOptions {
  /** Examples in flight at once. Default: the program's LM `maxConcurrency`, else 8. */
  readonly concurrency?: number;
  /** The evaluation stops after this many failed rows (DSPy's `max_errors`). Default 10. */
  readonly maxErrors?: number;
  /** Score of a row whose program or metric threw. Default 0. */
  readonly failureScore?: number;
}

/**
 * The default evaluator: core's `Evaluate` in this process, examples in parallel up to the LM's
 * concurrency limit (so a rate-limited LM is kept busy but never oversubscribed).
 *
 * @example
 * const mipro = new MIPROv2({ metric, evaluator: new LocalEvaluator({ concurrency: 16 }) });
 */
export class LocalEvaluator implements CandidateEvaluator {
  constructor(readonly options: LocalEvaluatorOptions = {}) {}

  async evaluate(
    program: AnyProgram,
    examples: readonly Example<any>[],
    context: EvaluateContext,
  ): Promise<CandidateScore> {
    const evaluate = new Evaluate({
      devset: examples,
      metric: context.metric,
      concurrency: this.options.concurrency ?? lmConcurrency(program) ?? 8,
      maxErrors: this.options.maxErrors ?? 10,
      failureScore: this.options.failureScore ?? 0,
      progress: false,
      signal: context.signal,
    });
    const result = await evaluate.run(program as never);
    return { score: result.score, subscores: result.rows.map((r) => r.score ?? null) };
  }
}

/**
 * `evaluator` as given, or a `LocalEvaluator` with the optimizer's limits.
 *
 * @example
 * const evaluator = resolveEvaluator(options.evaluator, { maxErrors: 10 });
 */
export function resolveEvaluator(
  evaluator: CandidateEvaluator | undefined,
  defaults: LocalEvaluatorOptions = {},
): CandidateEvaluator {
  return evaluator ?? new LocalEvaluator(defaults);
}

/**
 * The smallest `maxConcurrency` among the program's LMs (its predictors', else the configured one).
 *
 * @example
 * const concurrency = lmConcurrency(student) ?? 8;
 */
export function lmConcurrency(program: AnyProgram): number | undefined {
  const lms = new Set<unknown>();
  for (const p of program.predictors()) if (p.lm) lms.add(p.lm);
  if (lms.size === 0) {
    try {
      lms.add(resolveLm(undefined, 'the evaluator'));
    } catch {
      return undefined;
    }
  }
  let min: number | undefined;
  for (const lm of lms) {
    const max = lm instanceof BaseLM ? lm.maxConcurrency : undefined;
    if (max !== undefined) min = min === undefined ? max : Math.min(min, max);
  }
  return min;
}
