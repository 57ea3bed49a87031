// Subpath entry `@dspy-ts/retrievers/bm25`: loads minisearch only, never pg.
export { BM25Retriever } from './bm25-retriever';
export type { BM25RetrieverOptions } from './bm25-retriever';
export type { BM25Params } from './bm25-file';
export type { TokenizerOptions } from './tokenizer';
