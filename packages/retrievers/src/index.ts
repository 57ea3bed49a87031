// Root entry: the in-process retrievers and shared types. PgVectorRetriever and the PGlite
// helper live only under their subpaths (`/pgvector`, `/pglite`) so importing this never loads
// a database client.
export type { RetrieverDocument } from './documents';
export { BM25Retriever } from './bm25/bm25-retriever';
export type { BM25RetrieverOptions } from './bm25/bm25-retriever';
export type { BM25Params } from './bm25/bm25-file';
export type { TokenizerOptions } from './bm25/tokenizer';
export { EmbeddingsRetriever } from './embeddings/embeddings-retriever';
export type { EmbeddingsRetrieverOptions, EmbeddingsLoadOptions } from './embeddings/embeddings-retriever';
export type { PgVectorRetrieverOptions, UpsertOptions } from './pgvector/pgvector-retriever';
export type { PgQueryable } from './pgvector/pg-errors';
