import { type Embedder, SeededRandom } from '@dspy-ts/core';

/**
 * DSPy's `DummyVectorizer` (dspy/utils/dummies.py) as an `Embedder`: character n-gram counts
 * hashed into `maxLength` buckets with the same seeded polynomial hash, centred and normalized.
 */
export class DummyVectorizer implements Embedder {
  readonly model = 'dummy-vectorizer';
  private static readonly P = 1_000_000_007n;
  private readonly coeffs: bigint[];

  constructor(
    private readonly maxLength = 100,
    private readonly nGram = 2,
  ) {
    const rng = new SeededRandom(123); // random.seed(123); randrange(1, P)
    this.coeffs = Array.from({ length: nGram }, () => BigInt(1 + rng.randbelow(Number(DummyVectorizer.P) - 1)));
  }

  async embed(texts: readonly string[]): Promise<number[][]> {
    return texts.map((text) => {
      const vec = new Array<number>(this.maxLength).fill(0);
      for (let i = 0; i + this.nGram <= text.length; i++) vec[this.hash(text.slice(i, i + this.nGram))]!++;
      const mean = vec.reduce((s, v) => s + v, 0) / vec.length;
      const centred = vec.map((v) => v - mean);
      const norm = Math.sqrt(centred.reduce((s, v) => s + v * v, 0)) + 1e-10;
      return centred.map((v) => v / norm);
    });
  }

  private hash(gram: string): number {
    let h = 1n;
    for (let i = 0; i < Math.min(this.coeffs.length, gram.length); i++) {
      h = (h * this.coeffs[i]! + BigInt(gram.charCodeAt(i))) % DummyVectorizer.P;
    }
    return Number(h % BigInt(this.maxLength));
  }
}
