/**
 * Indices of the `k` largest scores, best first; ties keep the lower index first so results are
 * deterministic. Keeps a sorted buffer of size k: O(n) comparisons against the current k-th best,
 * which is what matters for the small k retrieval uses.
 *
 * @example
 * topK(Float64Array.of(0.1, 0.9, 0.5), 2); // [1, 2]
 */
export function topK(scores: ArrayLike<number>, k: number): number[] {
  const n = scores.length;
  const size = Math.min(k, n);
  if (size <= 0) return [];
  const best: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    // NaN (e.g. a zero vector) never beats a real score.
    if (Number.isNaN(s)) continue;
    if (best.length === size && !(s > scores[best[size - 1]!]!)) continue;
    let pos = best.length;
    // Strictly greater moves up, so an equal score stays after the earlier index.
    while (pos > 0 && s > scores[best[pos - 1]!]!) pos--;
    best.splice(pos, 0, i);
    if (best.length > size) best.pop();
  }
  return best;
}
