import type { Fronts } from './pareto';

/** A GEPA candidate: one instruction per predictor name. */
export type Candidate = Record<string, string>;

/** Everything GEPA knows between iterations (`gepa.core.state.GEPAState`), JSON-safe for checkpoints. */
export interface GepaStateData {
  /** Iterations started (-1 before the first, as gepa). */
  i: number;
  /** Metric calls so far: every (candidate, example) evaluation, the budget GEPA counts. */
  totalEvals: number;
  fullEvals: number;
  candidates: Candidate[];
  /** Parents per candidate (`[null]` for the seed). */
  parents: (number | null)[][];
  /** Per candidate, its score on each valset example (valset order). */
  valSubscores: number[][];
  /** Metric calls spent when each candidate was found. */
  discoveryEvals: number[];
  /** Round-robin pointer per candidate: which predictor it updates next. */
  nextComponent: number[];
  /** Best score per valset example and the candidates that reach it (ascending). */
  frontScores: number[];
  frontPrograms: number[][];
}

/** GEPA's state with the operations the engine needs. */
export class GepaState {
  constructor(readonly data: GepaStateData) {}

  static initial(seed: Candidate, seedScores: readonly number[]): GepaState {
    return new GepaState({
      i: -1,
      totalEvals: seedScores.length,
      fullEvals: 1,
      candidates: [{ ...seed }],
      parents: [[null]],
      valSubscores: [[...seedScores]],
      discoveryEvals: [0],
      nextComponent: [0],
      frontScores: [...seedScores],
      frontPrograms: seedScores.map(() => [0]),
    });
  }

  get candidates(): readonly Candidate[] {
    return this.data.candidates;
  }

  /** Mean valset score per candidate (`per_program_tracked_scores`). */
  averages(): number[] {
    return this.data.valSubscores.map((s) => (s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0));
  }

  fronts(): Fronts {
    return new Map(this.data.frontPrograms.map((f, i) => [i, f]));
  }

  /** `update_state_with_new_program`: appends the candidate and updates every example's front. */
  add(candidate: Candidate, parents: readonly number[], valScores: readonly number[], discoveredAt: number): number {
    const d = this.data;
    const idx = d.candidates.length;
    d.candidates.push({ ...candidate });
    d.discoveryEvals.push(discoveredAt);
    d.nextComponent.push(Math.max(0, ...parents.map((p) => d.nextComponent[p]!)));
    d.parents.push([...parents]);
    d.valSubscores.push([...valScores]);
    valScores.forEach((score, id) => {
      const prev = d.frontScores[id] ?? -Infinity;
      if (score > prev) {
        d.frontScores[id] = score;
        d.frontPrograms[id] = [idx];
      } else if (score === prev) {
        d.frontPrograms[id] = [...d.frontPrograms[id]!, idx];
      }
    });
    return idx;
  }

  /** Highest mean valset score, first on ties (`FullEvaluationPolicy.get_best_program`). */
  bestIndex(): number {
    const avg = this.averages();
    let best = 0;
    for (let i = 1; i < avg.length; i++) if (avg[i]! > avg[best]!) best = i;
    return best;
  }

  /** All ancestors of a candidate. */
  ancestors(node: number, found = new Set<number>()): Set<number> {
    for (const p of this.data.parents[node] ?? []) {
      if (p !== null && !found.has(p)) {
        found.add(p);
        this.ancestors(p, found);
      }
    }
    return found;
  }
}
