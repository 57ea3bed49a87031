import { SeededRandom } from '@dspy-ts/core';

/** A finished trial the sampler learns from: categorical choices (index per parameter) and the score. */
export interface TpeObservation {
  readonly params: Readonly<Record<string, number>>;
  readonly value: number;
}

export interface TpeSamplerOptions {
  readonly seed: number;
  /** Trials sampled uniformly before the model is used (Optuna's `n_startup_trials`). Default 10. */
  readonly nStartupTrials?: number;
  /** Candidates drawn from the good-trials density per suggestion (Optuna's `n_ei_candidates`). Default 24. */
  readonly nEiCandidates?: number;
  /** Weight of the uniform prior component (Optuna's `prior_weight`). Default 1. */
  readonly priorWeight?: number;
}

/**
 * A small Tree-structured Parzen Estimator over categorical parameters, maximizing: what MIPROv2
 * needs from Optuna's `TPESampler(seed, multivariate=True)`. No maintained npm package offers TPE
 * (searched the npm index for TPE / Parzen / Bayesian optimization), so this follows Optuna's
 * algorithm: the first `nStartupTrials` are uniform; then the observations are split into the
 * best γ(n) = min(⌈0.1·n⌉, 25) ("below") and the rest ("above"); each group's density is a
 * mixture of one product kernel per observation (multivariate: parameters are sampled jointly
 * from the same component) plus a uniform prior; `nEiCandidates` candidates are drawn from the
 * below-density and the one maximizing l(x)/g(x) is returned. The categorical kernel puts weight
 * 1 + p/(n+1) on the observed choice and p/(n+1) on the others (p = prior weight), as Optuna.
 * Deterministic for a seed and a history, so replaying a checkpointed run suggests the same.
 *
 * @example
 * const tpe = new TpeSampler({ seed: 9 });
 * const params = tpe.suggest({ '0_predictor_instruction': 3, '0_predictor_demos': 6 }, history);
 */
export class TpeSampler {
  private readonly rng: SeededRandom;
  readonly nStartupTrials: number;
  readonly nEiCandidates: number;
  readonly priorWeight: number;

  constructor(options: TpeSamplerOptions) {
    this.rng = new SeededRandom(options.seed);
    this.nStartupTrials = options.nStartupTrials ?? 10;
    this.nEiCandidates = options.nEiCandidates ?? 24;
    this.priorWeight = options.priorWeight ?? 1;
  }

  /** One choice per parameter; `space` gives the number of choices of each. */
  suggest(space: Readonly<Record<string, number>>, history: readonly TpeObservation[]): Record<string, number> {
    const names = Object.keys(space);
    const usable = history.filter((h) => Number.isFinite(h.value) && names.every((n) => n in h.params));
    if (usable.length < this.nStartupTrials) {
      return Object.fromEntries(names.map((n) => [n, this.rng.randbelow(space[n]!)]));
    }
    // Sorted best first; ties keep the earlier trial first (stable).
    const sorted = usable.map((h, i) => ({ h, i })).sort((a, b) => b.h.value - a.h.value || a.i - b.i);
    const nBelow = Math.min(Math.ceil(0.1 * sorted.length), 25);
    const below = sorted.slice(0, nBelow).map((x) => x.h);
    const above = sorted.slice(nBelow).map((x) => x.h);
    const l = new Mixture(below, space, this.priorWeight);
    const g = new Mixture(above, space, this.priorWeight);
    let best: Record<string, number> | undefined;
    let bestScore = -Infinity;
    for (let c = 0; c < this.nEiCandidates; c++) {
      const candidate = l.sample(this.rng);
      const score = l.logDensity(candidate) - g.logDensity(candidate);
      if (score > bestScore) [best, bestScore] = [candidate, score];
    }
    return best!;
  }
}

/** A mixture of product categorical kernels (one per observation) plus a uniform prior. */
class Mixture {
  private readonly weights: number[];
  /** kernels[component][param] = probability vector over choices. */
  private readonly kernels: Record<string, number[]>[];

  constructor(
    observations: readonly TpeObservation[],
    private readonly space: Readonly<Record<string, number>>,
    priorWeight: number,
  ) {
    const n = observations.length;
    this.weights = [...observations.map(() => 1), priorWeight];
    const total = this.weights.reduce((a, b) => a + b, 0);
    this.weights = this.weights.map((w) => w / total);
    this.kernels = observations.map((o) =>
      Object.fromEntries(
        Object.entries(space).map(([name, k]) => {
          const base = priorWeight / (n + 1);
          const probs = Array.from({ length: k }, (_, c) => base + (c === o.params[name] ? 1 : 0));
          const sum = probs.reduce((a, b) => a + b, 0);
          return [name, probs.map((p) => p / sum)];
        }),
      ),
    );
    this.kernels.push(
      Object.fromEntries(Object.entries(space).map(([name, k]) => [name, Array.from({ length: k }, () => 1 / k)])),
    );
  }

  sample(rng: SeededRandom): Record<string, number> {
    const component = this.kernels[pick(this.weights, rng.random())]!;
    return Object.fromEntries(Object.keys(this.space).map((name) => [name, pick(component[name]!, rng.random())]));
  }

  logDensity(x: Readonly<Record<string, number>>): number {
    let p = 0;
    this.kernels.forEach((kernel, i) => {
      let q = this.weights[i]!;
      for (const name of Object.keys(this.space)) q *= kernel[name]![x[name]!]!;
      p += q;
    });
    return Math.log(p);
  }
}

function pick(probabilities: readonly number[], u: number): number {
  let acc = 0;
  for (let i = 0; i < probabilities.length; i++) {
    acc += probabilities[i]!;
    if (u < acc) return i;
  }
  return probabilities.length - 1;
}
