// Importing the package root or the in-process subpaths must not load a database client or
// PGlite: users who only want BM25 never pay for pg. A module that loads them fails here.
jest.mock('pg', () => {
  throw new Error('pg was loaded');
});
jest.mock('@electric-sql/pglite', () => {
  throw new Error('PGlite was loaded');
});

describe('entry points load only what they need', () => {
  it('root, bm25 and embeddings load neither pg nor PGlite', () => {
    expect(Object.keys(require('./index'))).toEqual(['BM25Retriever', 'EmbeddingsRetriever']);
    expect(require('./bm25').BM25Retriever).toBeDefined();
    expect(require('./embeddings').EmbeddingsRetriever).toBeDefined();
  });

  it('pgvector loads pg only for a connection string; pglite loads PGlite only when started', () => {
    const { PgVectorRetriever } = require('./pgvector');
    expect(require('./pglite').startPGliteServer).toBeDefined();
    const embedder = { model: 'm', embed: async () => [] };
    expect(
      () => new PgVectorRetriever({ pool: { query: async () => ({ rows: [] }) }, table: 't', dimensions: 2, embedder }),
    ).not.toThrow();
    expect(
      () => new PgVectorRetriever({ connectionString: 'postgres://x/db', table: 't', dimensions: 2, embedder }),
    ).toThrow('pg was loaded');
  });
});
