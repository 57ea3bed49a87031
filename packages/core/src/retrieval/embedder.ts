/**
 * Turns texts into vectors. Implemented by `OllamaEmbedder`, `OpenAICompatibleEmbedder`,
 * `LlamaCppEmbedder`; bound to the `EMBEDDER` token.
 *
 * @example
 * const [v] = await embedder.embed(['hello world']);
 */
export interface Embedder {
  /** Model identifier, e.g. `ollama/nomic-embed-text`. */
  readonly model: string;
  /** Vectors in input order, one per text. */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}
