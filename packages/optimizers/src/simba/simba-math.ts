import type { SeededRandom } from '@dspy-ts/core';
import { weightedChoice } from '../internal/py-random';

/** numpy's `percentile(values, p)` with the default linear method (and its two-sided lerp). */
export function percentile(values: readonly number[], p: number): number {
  const a = [...values].sort((x, y) => x - y);
  const idx = (p / 100) * (a.length - 1);
  const lo = Math.floor(idx);
  const hi = Math.min(lo + 1, a.length - 1);
  const t = idx - lo;
  const diff = a[hi]! - a[lo]!;
  return t >= 0.5 ? a[hi]! - diff * (1 - t) : a[lo]! + diff * t;
}

/** SIMBA's `softmax_sample`: a program index drawn with probability ∝ exp(mean score / temperature). */
export function softmaxSample(
  rng: SeededRandom,
  idxs: readonly number[],
  temperature: number,
  avg: (idx: number) => number,
): number {
  if (!idxs.length) throw new RangeError('No programs available for softmax sampling.');
  const exps = idxs.map((i) => Math.exp(avg(i) / temperature));
  const total = exps.reduce((a, b) => a + b, 0);
  if (total <= 0) return rng.choice(idxs);
  return weightedChoice(
    rng,
    idxs,
    exps.map((e) => e / total),
  );
}

/**
 * A Poisson draw (Knuth's multiplication method). DSPy draws this from numpy's PCG64 generator,
 * which dspy-ts does not reproduce: with demos in play, which demos SIMBA drops differs from DSPy
 * for the same seed (the distribution is the same).
 */
export function poisson(rng: SeededRandom, lam: number): number {
  if (!(lam > 0)) return 0;
  const limit = Math.exp(-lam);
  let k = 0;
  let p = rng.random();
  while (p > limit) {
    k++;
    p *= rng.random();
  }
  return k;
}
