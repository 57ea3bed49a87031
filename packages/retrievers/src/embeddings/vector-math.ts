/** Smallest norm we divide by, as DSPy's Embeddings does, so a zero vector stays zero. */
const MIN_NORM = 1e-10;

/**
 * Writes `vector / ‖vector‖` into `out` at `offset`. Normalizing once at index time turns cosine
 * similarity into a plain dot product at query time.
 *
 * @example
 * const out = new Float32Array(2); normalizeInto([3, 4], out, 0); // out = [0.6, 0.8]
 */
export function normalizeInto(vector: readonly number[], out: Float32Array | Float64Array, offset: number): void {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const inv = 1 / Math.max(Math.sqrt(sum), MIN_NORM);
  for (let i = 0; i < vector.length; i++) out[offset + i] = vector[i]! * inv;
}

/**
 * Dot product of `query` with every row of the row-major `matrix` (`dims` columns).
 *
 * @example
 * dotAll(Float32Array.of(1, 0, 0, 1), 2, Float64Array.of(1, 0)); // [1, 0]
 */
export function dotAll(matrix: Float32Array, dims: number, query: Float64Array): Float64Array {
  const rows = matrix.length / dims;
  const scores = new Float64Array(rows);
  for (let r = 0, base = 0; r < rows; r++, base += dims) {
    let s = 0;
    for (let j = 0; j < dims; j++) s += matrix[base + j]! * query[j]!;
    scores[r] = s;
  }
  return scores;
}
