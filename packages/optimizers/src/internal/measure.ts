import { type LmUsage, trackUsage } from '@dspy-ts/core';
import { addUsage } from '@dspy-ts/core/provider-kit';

/** Cost of one measured run: LM calls that reached a model, cache hits, tokens, wall time. */
export interface RunCost {
  readonly lmCalls: number;
  readonly cacheHits: number;
  readonly tokens: LmUsage;
  readonly durationMs: number;
  /** USD, from core's price table (0 for local models). */
  readonly costUsd: number;
}

/**
 * Runs `fn` counting every LM call made inside it (nested `measure`s each count theirs), so an
 * optimizer can report per-candidate and whole-run costs from the same source as `Evaluate`.
 */
export async function measure<R>(fn: () => Promise<R>): Promise<{ result: R; cost: RunCost }> {
  const started = performance.now();
  const { result, usage } = await trackUsage(fn);
  return {
    result,
    cost: {
      lmCalls: usage.calls,
      cacheHits: usage.cacheHits,
      tokens: usage.total(),
      durationMs: performance.now() - started,
      costUsd: usage.cost(),
    },
  };
}

/**
 * `cost` plus what an evaluator reported its remote workers spent (their calls never reach this
 * process's `measure`; the local evaluator reports none, so nothing is counted twice). Wall time is
 * already the caller's.
 */
export function withRemoteCost(cost: RunCost, remote: Partial<RunCost> | undefined): RunCost {
  if (!remote) return cost;
  return {
    ...cost,
    lmCalls: cost.lmCalls + (remote.lmCalls ?? 0),
    cacheHits: cost.cacheHits + (remote.cacheHits ?? 0),
    tokens: remote.tokens ? addUsage(cost.tokens, remote.tokens) : cost.tokens,
    costUsd: cost.costUsd + (remote.costUsd ?? 0),
  };
}
