import type { SeededRandom } from '@dspy-ts/core';
import { uniformChoices, weightedChoice } from '../internal/py-random';
import { findDominators } from './pareto';
import type { Candidate, GepaState } from './state';

/** What the merge proposer remembers across iterations (gepa's `MergeProposer` fields). */
export interface MergeState {
  mergesDue: number;
  totalMergesTested: number;
  lastIterFoundNewProgram: boolean;
  /** (id1, id2, ancestor) triplets tried. */
  triplets: [number, number, number][];
  /** (id1, id2, which candidate each predictor came from) merges built. */
  descriptions: [number, number, number[]][];
}

export const initialMergeState = (): MergeState => ({
  mergesDue: 0,
  totalMergesTested: 0,
  lastIterFoundNewProgram: false,
  triplets: [],
  descriptions: [],
});

export interface MergeProposal {
  readonly candidate: Candidate;
  readonly id1: number;
  readonly id2: number;
  readonly ancestor: number;
  /** Valset indices the merge is tried on. */
  readonly subsample: number[];
}

const MAX_ATTEMPTS = 10;
const VAL_OVERLAP_FLOOR = 5;
const SUBSAMPLE = 5;

/** A predictor kept by one descendant and changed by the other: the merge has something to combine. */
function hasDesirablePredictors(c: readonly Candidate[], names: readonly string[], anc: number, i: number, j: number) {
  return names.some((n) => (c[anc]![n] === c[i]![n] || c[anc]![n] === c[j]![n]) && c[i]![n] !== c[j]![n]);
}

function commonAncestorPair(
  state: GepaState,
  rng: SeededRandom,
  merge: MergeState,
  names: readonly string[],
  candidates: readonly number[],
  scores: readonly number[],
): [number, number, number] | undefined {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (candidates.length < 2) return undefined;
    let [i, j] = rng.sample(candidates, 2) as [number, number];
    if (i === j) continue;
    if (j < i) [i, j] = [j, i];
    const ai = state.ancestors(i);
    const aj = state.ancestors(j);
    if (ai.has(j) || aj.has(i)) continue;
    const common = [...ai]
      .filter((a) => aj.has(a))
      .sort((a, b) => a - b)
      .filter(
        (a) =>
          !merge.triplets.some(([x, y, z]) => x === i && y === j && z === a) &&
          !(scores[a]! > scores[i]! || scores[a]! > scores[j]!) &&
          hasDesirablePredictors(state.candidates, names, a, i, j),
      );
    if (common.length)
      return [
        i,
        j,
        weightedChoice(
          rng,
          common,
          common.map((a) => scores[a]!),
        ),
      ];
  }
  return undefined;
}

/**
 * gepa's merge (`sample_and_attempt_merge_programs_by_common_predictors`): two Pareto candidates
 * that descend from a common ancestor and changed different predictors are combined, each
 * predictor taken from the descendant that changed it (from the better one when both did).
 * Returns the merged candidate and the valset subsample to try it on, or undefined when no
 * pair qualifies.
 */
export function proposeMerge(
  state: GepaState,
  rng: SeededRandom,
  merge: MergeState,
  names: readonly string[],
): MergeProposal | undefined {
  const scores = state.averages();
  const candidates = findDominators(state.fronts(), scores);
  if (candidates.length < 2 || state.candidates.length < 3) return undefined;
  const c = state.candidates;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const pair = commonAncestorPair(state, rng, merge, names, candidates, scores);
    if (!pair) continue;
    const [id1, id2, ancestor] = pair;
    if (merge.triplets.some(([x, y, z]) => x === id1 && y === id2 && z === ancestor)) continue;
    const merged: Candidate = { ...c[ancestor]! };
    const desc: number[] = [];
    for (const n of names) {
      const [pa, p1, p2] = [c[ancestor]![n], c[id1]![n], c[id2]![n]];
      let from: number;
      if ((pa === p1 || pa === p2) && p1 !== p2) from = pa === p1 ? id2 : id1;
      else if (pa !== p1 && pa !== p2)
        from = scores[id1]! > scores[id2]! ? id1 : scores[id2]! > scores[id1]! ? id2 : rng.choice([id1, id2]);
      else from = id1;
      merged[n] = c[from]![n]!;
      desc.push(from);
    }
    if (merge.descriptions.some(([x, y, d]) => x === id1 && y === id2 && d.join() === desc.join())) continue;
    const common = commonIds(state, id1, id2);
    if (common.length < VAL_OVERLAP_FLOOR) continue;
    merge.descriptions.push([id1, id2, desc]);
    merge.triplets.push([id1, id2, ancestor]);
    const subsample = mergeSubsample(state.data.valSubscores[id1]!, state.data.valSubscores[id2]!, rng);
    return { candidate: merged, id1, id2, ancestor, subsample };
  }
  return undefined;
}

function commonIds(state: GepaState, a: number, b: number): number[] {
  const n = Math.min(state.data.valSubscores[a]!.length, state.data.valSubscores[b]!.length);
  return Array.from({ length: n }, (_, i) => i);
}

/** `select_eval_subsample_for_merged_program`: examples where each parent wins, then ties, then any. */
function mergeSubsample(s1: readonly number[], s2: readonly number[], rng: SeededRandom): number[] {
  const common = s1.map((_, i) => i);
  const p1 = common.filter((i) => s1[i]! > s2[i]!);
  const p2 = common.filter((i) => s2[i]! > s1[i]!);
  const p3 = common.filter((i) => !p1.includes(i) && !p2.includes(i));
  const each = Math.max(1, Math.ceil(SUBSAMPLE / 3));
  const selected: number[] = [];
  for (const bucket of [p1, p2, p3]) {
    if (selected.length >= SUBSAMPLE) break;
    const available = bucket.filter((i) => !selected.includes(i));
    const take = Math.min(available.length, each, SUBSAMPLE - selected.length);
    if (take > 0) selected.push(...rng.sample(available, take));
  }
  const remaining = SUBSAMPLE - selected.length;
  if (remaining > 0) {
    const unused = common.filter((i) => !selected.includes(i));
    if (unused.length >= remaining) selected.push(...rng.sample(unused, remaining));
    else if (common.length) selected.push(...uniformChoices(rng, common, remaining));
  }
  return selected.slice(0, SUBSAMPLE);
}
