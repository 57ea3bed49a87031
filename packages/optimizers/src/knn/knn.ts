import { DspyError, type Embedder, type Example } from '@dspy-ts/core';

/** DSPy's text for an example or a query: `key: value` pairs joined by ` | `. */
export function knnText(fields: Iterable<[string, unknown]>): string {
  return [...fields].map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' | ');
}

/**
 * DSPy's `KNN`: the `k` train examples most similar to a query, by cosine similarity of
 * embeddings of their input fields (DSPy uses the dot product; both agree on the unit-length
 * vectors most embedders return, and cosine also works for those that do not).
 *
 * @example
 * const knn = new KNN(3, trainset, embedder);
 * const neighbours = await knn.retrieve({ question: 'Capital of Spain?' });
 */
export class KNN {
  private vectors?: Promise<number[][]>;

  constructor(
    readonly k: number,
    readonly trainset: readonly Example<any>[],
    readonly embedder: Embedder,
  ) {
    if (!Number.isInteger(k) || k < 1) throw new DspyError('CONFIG_INVALID', `KNN needs k >= 1; got ${k}.`);
    const bad = trainset.findIndex((e) => e.inputKeys === undefined);
    if (bad >= 0)
      throw new DspyError(
        'CONFIG_INVALID',
        `trainset[${bad}] has no input keys; mark them with example.withInputs(...) so KNN knows what to embed.`,
      );
  }

  /** Embeds the trainset once (later calls reuse it). */
  async trainVectors(signal?: AbortSignal): Promise<number[][]> {
    this.vectors ??= this.embedder
      .embed(
        this.trainset.map((e) => knnText(e.items().filter(([key]) => e.inputKeys!.includes(key)))),
        { signal },
      )
      .catch((error: unknown) => {
        this.vectors = undefined; // a failed embedding call is retried by the next query
        throw error;
      });
    return this.vectors;
  }

  /** The k nearest train examples to `inputs`, nearest first (ties: train order). */
  async retrieve(inputs: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<Example<any>[]> {
    const train = await this.trainVectors(signal);
    const [query] = await this.embedder.embed([knnText(Object.entries(inputs))], { signal });
    const scores = train.map((v, i) => ({ i, s: cosine(v, query!) }));
    scores.sort((a, b) => b.s - a.s || a.i - b.i);
    return scores.slice(0, this.k).map(({ i }) => this.trainset[i]!);
  }
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
