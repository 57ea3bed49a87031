import type { BootstrapStats, CandidateReport, OptimizerReport } from '../optimizer';
import type { RunCost } from './measure';
import type { TrialReport } from '../shared/trial-report';

/** An optimizer report from the run's measured cost. */
export function buildReport(
  optimizer: string,
  cost: RunCost,
  extra: {
    candidates?: readonly CandidateReport[];
    bestIndex?: number;
    bootstrap?: BootstrapStats;
    trials?: readonly TrialReport[];
    bestScore?: number;
  } = {},
): OptimizerReport {
  return {
    optimizer,
    candidates: extra.candidates ?? [],
    ...(extra.bestIndex === undefined ? {} : { bestIndex: extra.bestIndex }),
    lmCalls: cost.lmCalls,
    cacheHits: cost.cacheHits,
    tokens: cost.tokens,
    durationMs: cost.durationMs,
    costUsd: cost.costUsd,
    ...(extra.bootstrap ? { bootstrap: extra.bootstrap } : {}),
    ...(extra.trials ? { trials: extra.trials } : {}),
    ...(extra.bestScore !== undefined ? { bestScore: extra.bestScore } : {}),
  };
}

/** Adds bootstrapping counters (random search sums them over candidates). */
export function addStats(a: BootstrapStats | undefined, b: BootstrapStats | undefined): BootstrapStats | undefined {
  if (!a) return b;
  if (!b) return a;
  const firstError = a.firstError ?? b.firstError;
  return {
    attempts: a.attempts + b.attempts,
    bootstrapped: a.bootstrapped + b.bootstrapped,
    errors: a.errors + b.errors,
    ...(firstError ? { firstError } : {}),
  };
}
