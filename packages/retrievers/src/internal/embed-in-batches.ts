import { DspyError, type Embedder } from '@dspy-ts/core';
import { throwIfAborted } from './options';

/**
 * Embeds `texts` in batches of `batchSize`, in order, checking that the embedder returned one
 * finite vector per text with a consistent dimension (a silent mismatch would corrupt an index).
 *
 * @example
 * const vectors = await embedInBatches(embedder, texts, 64, 'EmbeddingsRetriever');
 */
export async function embedInBatches(
  embedder: Embedder,
  texts: readonly string[],
  batchSize: number,
  owner: string,
  signal?: AbortSignal,
  expectedDimensions?: number,
): Promise<number[][]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DspyError('CONFIG_INVALID', `${owner}: batchSize must be a positive integer, got ${String(batchSize)}.`);
  }
  const out: number[][] = [];
  let dims = expectedDimensions;
  for (let start = 0; start < texts.length; start += batchSize) {
    throwIfAborted(owner, signal);
    const batch = texts.slice(start, start + batchSize);
    const vectors = await embedder.embed(batch, signal ? { signal } : undefined);
    if (!Array.isArray(vectors) || vectors.length !== batch.length) {
      throw new DspyError(
        'CONFIG_INVALID',
        `${owner}: embedder ${embedder.model} returned ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${batch.length} texts.`,
      );
    }
    for (const v of vectors) {
      dims ??= v.length;
      if (v.length !== dims || v.length === 0) {
        throw new DspyError(
          'CONFIG_INVALID',
          `${owner}: embedder ${embedder.model} returned a vector of ${v.length} dimensions where ${dims} were expected. ` +
            'Use the same embedding model for indexing and querying, and set `dimensions` to its output size.',
        );
      }
      if (!v.every(Number.isFinite)) {
        throw new DspyError(
          'CONFIG_INVALID',
          `${owner}: embedder ${embedder.model} returned a vector with NaN or Infinity.`,
        );
      }
      out.push(v);
    }
  }
  return out;
}
