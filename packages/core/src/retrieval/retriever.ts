/** One retrieved passage. Higher `score` is more relevant; scales differ between retrievers. */
export interface Passage {
  readonly text: string;
  readonly score: number;
  readonly id?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface RetrieveOptions {
  /** How many passages (default 3 unless the retriever says otherwise). */
  readonly k?: number;
  readonly signal?: AbortSignal;
}

/**
 * Finds passages for a query. Bound to the `RETRIEVER` token and injected into `@Module` programs.
 *
 * @example
 * const passages = await retriever.retrieve('how do I reset my password?', { k: 3 });
 */
export interface Retriever {
  retrieve(query: string, options?: RetrieveOptions): Promise<Passage[]>;
}
