import { DspyError, type LanguageModel } from '@dspy-ts/core';
import type { RunOptions } from '../shared/optimizer-run';
import type { GepaMetric } from './reflective-dataset';

/** DSPy's `AUTO_RUN_SETTINGS` for GEPA: candidates the budget is sized for. */
export const GEPA_AUTO = { light: 6, medium: 12, heavy: 18 } as const;

/**
 * GEPA's settings (DSPy's names in camelCase) plus the shared `checkpoint`, `evaluator`, `progress`, `onTrial`, `onEvent`.
 *
 * @example
 * { metric: (gold, pred) => ({ score: gold.answer === pred.answer ? 1 : 0, feedback: `Expected ${gold.answer}.` }), reflectionLm, auto: 'light' }
 */
export interface GepaOptions extends RunOptions {
  /** Scores candidates; may return `{ score, feedback }` and receives the predictor name and its step (see `GepaMetric`). */
  readonly metric: GepaMetric;
  /** Budget preset (DSPy's `auto_budget`): light, medium or heavy. Exactly one of `auto`, `maxFullEvals`, `maxMetricCalls`. */
  readonly auto?: keyof typeof GEPA_AUTO;
  /** Budget as full passes over trainset + valset. */
  readonly maxFullEvals?: number;
  /** Budget as metric calls (one per candidate × example evaluation), GEPA's own unit. */
  readonly maxMetricCalls?: number;
  /** The model that reads failures and writes new instructions; use a strong one. Required. */
  readonly reflectionLm: LanguageModel;
  /** Train examples per reflection step. Default 3. */
  readonly reflectionMinibatchSize?: number;
  /** Parent choice: sample from the per-example Pareto front (default) or always the best mean. */
  readonly candidateSelectionStrategy?: 'pareto' | 'current_best';
  /** Which predictors one reflection step rewrites: one in turn (default) or all. */
  readonly componentSelector?: 'round_robin' | 'all';
  /** Try merging Pareto candidates that improved different predictors. Default true. */
  readonly useMerge?: boolean;
  /** Merges accepted at most. Default 5. */
  readonly maxMergeInvocations?: number;
  /** Skip reflection when the minibatch is already perfect. Default true. */
  readonly skipPerfectScore?: boolean;
  /** The metric's best value. Default 1. */
  readonly perfectScore?: number;
  /** Score of an example whose program or metric failed. Default 0. */
  readonly failureScore?: number;
  /** Seeds every random choice (Python's `random.Random(seed)`). Default 0. */
  readonly seed?: number;
  /** Examples evaluated at once. Default: the program's LM `maxConcurrency`, else 8. */
  readonly concurrency?: number;
  /**
   * After a skipped iteration (perfect minibatch), run the next iterations' minibatches together,
   * up to `concurrency` examples (same result as sequential; see the README). Default true.
   */
  readonly speculate?: boolean;
  /**
   * Reflection prompt: `'dspy'` (default) is DSPy 3.4.1's `InstructionProposer` (`ProposeInstruction`
   * through `JSONAdapter`); `'gepa'` is the `gepa` package's template, reply read from a fenced block.
   */
  readonly reflectionPrompt?: 'dspy' | 'gepa';
}

type Shared = keyof RunOptions | 'auto' | 'maxFullEvals' | 'maxMetricCalls';
export type ResolvedGepaConfig = Required<Omit<GepaOptions, Shared>> & Pick<GepaOptions, Shared>;

const fail = (message: string) => new DspyError('CONFIG_INVALID', `GEPA: ${message}`);

export function resolveGepaOptions(o: GepaOptions): ResolvedGepaConfig {
  if (!o || typeof o.metric !== 'function')
    throw fail('needs a metric: new GEPA({ metric, reflectionLm, auto: "light" }).');
  const budgets = [o.auto, o.maxFullEvals, o.maxMetricCalls].filter((b) => b !== undefined).length;
  if (budgets !== 1) {
    throw fail(
      `exactly one of auto, maxFullEvals, maxMetricCalls must be set; you set auto=${o.auto}, maxFullEvals=${o.maxFullEvals}, maxMetricCalls=${o.maxMetricCalls}. ` +
        "Pick one, e.g. { auto: 'light' } or { maxMetricCalls: 500 }.",
    );
  }
  if (o.auto !== undefined && !(o.auto in GEPA_AUTO))
    throw fail(`auto must be 'light', 'medium' or 'heavy'; got ${o.auto}.`);
  for (const key of ['maxFullEvals', 'maxMetricCalls'] as const) {
    const v = o[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 1))
      throw fail(`${key} must be a whole number >= 1; got ${v}. A budget of 0 would evaluate nothing.`);
  }
  if (!o.reflectionLm)
    throw fail('needs a reflectionLm, the model that reads failures and writes new instructions (use a strong one).');
  const positive = (v: number | undefined, name: string, dflt: number) => {
    const x = v ?? dflt;
    if (!Number.isInteger(x) || x < 1) throw fail(`${name} must be a whole number >= 1; got ${x}.`);
    return x;
  };
  const strategy = o.candidateSelectionStrategy ?? 'pareto';
  if (strategy !== 'pareto' && strategy !== 'current_best')
    throw fail(`candidateSelectionStrategy must be 'pareto' or 'current_best'; got ${strategy}.`);
  return {
    ...o,
    reflectionMinibatchSize: positive(o.reflectionMinibatchSize, 'reflectionMinibatchSize', 3),
    candidateSelectionStrategy: strategy,
    componentSelector: o.componentSelector ?? 'round_robin',
    useMerge: o.useMerge ?? true,
    maxMergeInvocations: o.maxMergeInvocations ?? 5,
    skipPerfectScore: o.skipPerfectScore ?? true,
    perfectScore: o.perfectScore ?? 1,
    failureScore: o.failureScore ?? 0,
    seed: o.seed ?? 0,
    concurrency: o.concurrency === undefined ? 0 : positive(o.concurrency, 'concurrency', 8), // 0: decided per run
    reflectionPrompt: o.reflectionPrompt ?? 'dspy',
    speculate: o.speculate ?? true,
  };
}

/**
 * DSPy's `GEPA.auto_budget`: metric calls for `n` candidates over `numPreds` predictors.
 *
 * @example
 * gepaAutoBudget(2, 6, 50); // 1030 metric calls: 2 predictors, 6 candidates, 50 validation examples
 */
export function autoBudget(numPreds: number, n: number, valsetSize: number, minibatch = 35, fullEvalSteps = 5): number {
  const N = Math.trunc(Math.max(2 * (numPreds * 2) * Math.log2(n), 1.5 * n));
  let total = valsetSize + n * 5 + N * minibatch;
  if (N === 0) return total;
  const periodic = Math.floor((N + 1) / fullEvalSteps) + 1;
  const extra = N < fullEvalSteps ? 1 : 0;
  total += (periodic + extra) * valsetSize;
  return total;
}

/** The metric-call budget for this run, as DSPy computes it. */
export function metricCallBudget(
  cfg: ResolvedGepaConfig,
  numPreds: number,
  trainSize: number,
  valSize: number | undefined,
): number {
  if (cfg.auto) return autoBudget(Math.max(numPreds, 1), GEPA_AUTO[cfg.auto], valSize ?? trainSize);
  if (cfg.maxFullEvals) return cfg.maxFullEvals * (trainSize + (valSize ?? 0));
  return cfg.maxMetricCalls!;
}
