// Subpath entry `@dspy-ts/retrievers/pgvector`: `pg` is required only for a connectionString.
export { PgVectorRetriever } from './pgvector-retriever';
export type { PgVectorRetrieverOptions, UpsertOptions } from './pgvector-retriever';
export type { PgQueryable } from './pg-errors';
