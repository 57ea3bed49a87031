import type { Embedder } from '@dspy-ts/core';

/**
 * A deterministic test Embedder in the spirit of DSPy's DummyVectorizer: each text becomes a
 * bag of hashed character trigrams and words (feature hashing with a sign bit), so texts that
 * share words and word pieces get similar vectors. No model, no network, same output every run.
 * Records every call so tests can check batching.
 *
 * @example
 * const embedder = new HashingEmbedder(256);
 * const [v] = await embedder.embed(['hello world']); // v.length === 256
 */
export class HashingEmbedder implements Embedder {
  readonly model: string;
  /** The texts of each `embed` call, in order. */
  readonly calls: string[][] = [];

  constructor(
    readonly dimensions = 256,
    model?: string,
  ) {
    this.model = model ?? `test/hashing-${dimensions}`;
  }

  async embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]> {
    options?.signal?.throwIfAborted();
    this.calls.push([...texts]);
    return texts.map((t) => this.vector(t));
  }

  private vector(text: string): number[] {
    const v = new Array<number>(this.dimensions).fill(0);
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const word of words) {
      this.add(v, `w:${word}`, 2);
      const padded = ` ${word} `;
      for (let i = 0; i + 3 <= padded.length; i++) this.add(v, `c:${padded.slice(i, i + 3)}`, 1);
    }
    return v;
  }

  private add(v: number[], feature: string, weight: number): void {
    const h = fnv1a(feature);
    // Low bits pick the bucket, the top bit the sign: collisions then cancel out on average.
    v[h % this.dimensions]! += h & 0x80000000 ? -weight : weight;
  }
}

/** 32-bit FNV-1a over UTF-16 code units: tiny, fast and stable across platforms. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
