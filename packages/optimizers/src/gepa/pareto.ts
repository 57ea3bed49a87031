/**
 * GEPA's per-example Pareto bookkeeping (`gepa/gepa_utils.py`), in the same iteration orders as
 * the Python code so the same seed picks the same parents. Fronts map a valset index to the
 * candidates that reach that example's best score; Python iterates small-int sets in ascending
 * order, which sorted arrays reproduce.
 */
export type Fronts = ReadonlyMap<number, readonly number[]>;

function isDominated(y: number, others: ReadonlySet<number>, fronts: Fronts): boolean {
  for (const front of fronts.values()) {
    if (!front.includes(y)) continue;
    if (!front.some((p) => others.has(p))) return false;
  }
  return true;
}

/** `remove_dominated_programs`: drops candidates whose every front has another surviving candidate. */
export function removeDominated(fronts: Fronts, scores: readonly number[]): Map<number, number[]> {
  const freq = new Map<number, number>();
  for (const front of fronts.values()) for (const p of front) freq.set(p, (freq.get(p) ?? 0) + 1);
  const programs = [...freq.keys()].sort((a, b) => scores[a]! - scores[b]!); // stable, ascending score
  const dominated = new Set<number>();
  let found = true;
  while (found) {
    found = false;
    for (const y of programs) {
      if (dominated.has(y)) continue;
      const others = new Set(programs.filter((p) => p !== y && !dominated.has(p)));
      if (isDominated(y, others, fronts)) {
        dominated.add(y);
        found = true;
        break;
      }
    }
  }
  const out = new Map<number, number[]>();
  for (const [id, front] of fronts)
    out.set(
      id,
      front.filter((p) => !dominated.has(p)),
    );
  return out;
}

/** `find_dominator_programs`: the candidates left on some front after removing dominated ones, ascending. */
export function findDominators(fronts: Fronts, scores: readonly number[]): number[] {
  const kept = new Set<number>();
  for (const front of removeDominated(fronts, scores).values()) for (const p of front) kept.add(p);
  return [...kept].sort((a, b) => a - b);
}

/**
 * `select_program_candidate_from_pareto_front`: a candidate drawn with probability proportional
 * to the number of examples on whose front it survives.
 */
export function selectFromPareto(
  fronts: Fronts,
  scores: readonly number[],
  rng: { choice<T>(xs: readonly T[]): T },
): number {
  const freq = new Map<number, number>();
  for (const front of removeDominated(fronts, scores).values())
    for (const p of front) freq.set(p, (freq.get(p) ?? 0) + 1);
  const list: number[] = [];
  for (const [p, n] of freq) for (let i = 0; i < n; i++) list.push(p);
  return rng.choice(list);
}
