import { type LmUsage, trackUsage } from '@dspy-ts/core';

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
