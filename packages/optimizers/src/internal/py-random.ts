import type { SeededRandom } from '@dspy-ts/core';

/** Python's `rng.choices(population, weights=weights, k=1)[0]` (cumulative weights + bisect). */
export function weightedChoice<T>(rng: SeededRandom, population: readonly T[], weights: readonly number[]): T {
  const cum: number[] = [];
  let total = 0;
  for (const w of weights) cum.push((total += w));
  // Python raises on a zero total; a uniform pick keeps the run going with the same meaning.
  if (!(total > 0)) return rng.choice(population);
  const x = rng.random() * total;
  let lo = 0;
  let hi = population.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < cum[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return population[lo]!;
}

/** Python's `rng.choices(population, k=k)` without weights. */
export function uniformChoices<T>(rng: SeededRandom, population: readonly T[], k: number): T[] {
  return Array.from({ length: k }, () => population[Math.floor(rng.random() * population.length)]!);
}

/** How Python prints a float score in an f-string (`1.0`, `0.5`, `True`). */
export function pyScore(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return `${value}.0`;
    if (Number.isNaN(value)) return 'nan';
    return String(value);
  }
  return String(value);
}
