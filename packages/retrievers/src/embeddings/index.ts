// Subpath entry `@dspy-ts/retrievers/embeddings`: no database client is loaded.
export { EmbeddingsRetriever } from './embeddings-retriever';
export type { EmbeddingsRetrieverOptions, EmbeddingsLoadOptions } from './embeddings-retriever';
