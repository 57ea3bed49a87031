import type { Example, LmUsage, Metric } from '@dspy-ts/core';
import { DistributedEvaluate, type DistributedEvaluateOptions } from './distributed-evaluate';

/**
 * Options of `DistributedEvaluator`: `DistributedEvaluate`'s, less what each optimizer call supplies.
 *
 * @example
 * new MIPROv2({ metric, evaluator: new DistributedEvaluator({ connection: 'redis://127.0.0.1:6379', metric: 'exactMatch' }) })
 */
export type DistributedEvaluatorOptions = Omit<DistributedEvaluateOptions, 'devset' | 'metric' | 'signal'> & {
  /** Metric name registered on the workers. Default: the name of the optimizer's metric function. */
  readonly metric?: string;
  /** Called after each candidate evaluation with its per-worker row counts. */
  readonly onEvaluated?: (result: { score: number; workers: Readonly<Record<string, number>> }) => void;
};

/** What an optimizer's `evaluator` returns (structurally `CandidateScore` of @dspy-ts/optimizers). */
export interface DistributedCandidateScore {
  readonly score: number;
  readonly subscores: readonly (number | null)[];
  /** The LM calls, cache hits and tokens the workers measured (this process made none). */
  readonly cost: { readonly lmCalls: number; readonly cacheHits: number; readonly tokens: LmUsage };
}

/**
 * The optimizers' `evaluator` on BullMQ workers: every candidate program an optimizer scores
 * (random search, BootstrapFewShot's validation, MIPROv2/COPRO trials) is sent as its saved state
 * and scored by `DistributedEvaluate`, one job per example. It implements @dspy-ts/optimizers'
 * `CandidateEvaluator` interface; the optimizer itself runs unchanged in this process.
 *
 * The workers must register the student's class under its name (`programName` to override) and
 * the metric under the metric function's name (`metric` to override).
 *
 * @example
 * const evaluator = new DistributedEvaluator({ connection: 'redis://127.0.0.1:6379' });
 * const rs = new BootstrapFewShotWithRandomSearch({ metric: answerMatches, numCandidatePrograms: 8, evaluator });
 * const { program } = await rs.compile(new QA(), { trainset, valset });
 */
export class DistributedEvaluator {
  constructor(readonly options: DistributedEvaluatorOptions) {}

  async evaluate(
    program: { dumpState(): Record<string, unknown>; constructor: { name: string } },
    examples: readonly Example<any>[],
    context: { readonly metric: Metric; readonly signal?: AbortSignal },
  ): Promise<DistributedCandidateScore> {
    const { metric, onEvaluated, ...rest } = this.options;
    const result = await new DistributedEvaluate({
      progress: false,
      ...rest,
      devset: examples,
      metric: metric ?? context.metric,
      signal: context.signal,
    }).run(program);
    onEvaluated?.({ score: result.score, workers: result.workers });
    return {
      score: result.score,
      subscores: result.rows.map((r) => r.score ?? null),
      cost: { lmCalls: result.totals.lmCalls, cacheHits: result.totals.cacheHits, tokens: result.totals.tokens },
    };
  }
}
