import { DspyError, type Embedder } from '@dspy-ts/core';
import { createServer } from 'node:net';
import { Client, Pool } from 'pg';
import { CORPUS } from '../../test/helpers/corpus';
import { HashingEmbedder } from '../../test/helpers/hashing-embedder';
import { EmbeddingsRetriever } from '../embeddings/embeddings-retriever';
import { startPGliteServer, type PGliteServer } from '../pglite/start-pglite-server';
import { PgVectorRetriever } from './pgvector-retriever';

// One PGlite (pgvector inside) for the whole file, reached over a real TCP socket with the real
// `pg` client: the same wire path as a PostgreSQL server.
const DIMS = 256;
const embedder = new HashingEmbedder(DIMS);
const ids = (ps: { id?: string }[]) => ps.map((p) => p.id);

let server: PGliteServer;
let pool: Pool;
let exact: EmbeddingsRetriever;
let kb: PgVectorRetriever;

beforeAll(async () => {
  server = await startPGliteServer();
  pool = new Pool({ connectionString: server.connectionString, max: 4 });
  exact = await EmbeddingsRetriever.fromDocuments(CORPUS, embedder);
  kb = new PgVectorRetriever({ pool, table: 'passages', dimensions: DIMS, embedder });
  await kb.ensureSchema();
  await kb.upsert(CORPUS, { batchSize: 7 });
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await server?.close();
});

describe('PgVectorRetriever over the pg wire (PGlite server)', () => {
  it('serves on 127.0.0.1 with a random port', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.connectionString).toBe(`postgresql://postgres@127.0.0.1:${server.port}/postgres`);
  });

  it('stored the corpus with an HNSW cosine index', async () => {
    expect(await kb.count()).toBe(CORPUS.length);
    const { rows } = await pool.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'passages'`);
    expect(rows.map((r) => r.indexdef).join('\n')).toMatch(/USING hnsw \(embedding vector_cosine_ops\)/);
  });

  it.each([
    ['capital of France', ['paris', 'berlin', 'tokyo']],
    ['largest planet in the solar system', ['jupiter', 'mars', 'tokyo']],
    ['vector similarity search in postgres', ['pgvector']],
    ['how do I reset my password', ['password']],
  ])('%s → starts with %j', async (query, expected) => {
    expect(ids(await kb.retrieve(query, { k: 3 })).slice(0, expected.length)).toEqual(expected);
  });

  it('agrees with exact in-memory cosine: same ids, scores = 1 - distance', async () => {
    for (const query of ['capital of France', 'river in Africa', 'yeast bread', 'café münchen']) {
      const got = await kb.retrieve(query, { k: 5 });
      const want = await exact.retrieve(query, { k: 5 });
      expect(ids(got)).toEqual(ids(want));
      got.forEach((p, i) => expect(p.score).toBeCloseTo(want[i]!.score, 5));
    }
  });

  it('returns text and jsonb metadata, k = 3 by default', async () => {
    const passages = await kb.retrieve('capital of France');
    expect(passages).toHaveLength(3);
    expect(passages[0]).toEqual({
      id: 'paris',
      text: CORPUS[0]!.text,
      score: expect.any(Number),
      metadata: { topic: 'geography' },
    });
  });

  it('works unchanged from a plain connection string (own pool, closed by close())', async () => {
    const fromUrl = new PgVectorRetriever({
      connectionString: server.connectionString,
      table: 'passages',
      dimensions: DIMS,
      embedder,
    });
    try {
      await fromUrl.ensureSchema(); // idempotent on an existing table
      expect(await fromUrl.retrieve('capital of France')).toEqual(await kb.retrieve('capital of France'));
    } finally {
      await fromUrl.close();
    }
  });

  it('works with a single pg.Client, which it leaves open', async () => {
    const client = new Client({ connectionString: server.connectionString });
    await client.connect();
    try {
      const viaClient = new PgVectorRetriever({ client, table: 'passages', dimensions: DIMS, embedder });
      expect(ids(await viaClient.retrieve('red planet', { k: 2 }))).toEqual(['mars', 'jupiter']);
      await viaClient.close();
      expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('returns more than pgvector’s default ef_search (40) when k asks for it', async () => {
    const big = new PgVectorRetriever({ pool, table: 'many', dimensions: 8, embedder: new HashingEmbedder(8) });
    await big.ensureSchema();
    await big.upsert(
      Array.from({ length: 60 }, (_, i) => `passage number ${i} about topic ${i % 7}`),
      { batchSize: 30 },
    );
    expect(await big.retrieve('passage about topic 3', { k: 50 })).toHaveLength(50);
    const tuned = new PgVectorRetriever({
      pool,
      table: 'many',
      dimensions: 8,
      embedder: new HashingEmbedder(8),
      efSearch: 100,
    });
    expect(await tuned.retrieve('passage about topic 3', { k: 5 })).toHaveLength(5);
  });

  it('leaves a connection usable after a failed ef_search query (no transaction left open)', async () => {
    const client = new Client({ connectionString: server.connectionString });
    await client.connect();
    try {
      const broken = new PgVectorRetriever({ client, table: 'nowhere', dimensions: DIMS, embedder, efSearch: 80 });
      await expect(broken.retrieve('x')).rejects.toThrow(/table nowhere does not exist/);
      expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it("searches exactly without an index when index is 'none'", async () => {
    const plain = new PgVectorRetriever({ pool, table: 'no_index', dimensions: DIMS, embedder, index: 'none' });
    await plain.ensureSchema();
    await plain.upsert(CORPUS);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'no_index' AND indexdef LIKE '%hnsw%'`,
    );
    expect(rows[0].n).toBe(0);
    expect(ids(await plain.retrieve('capital of France', { k: 5 }))).toEqual(
      ids(await exact.retrieve('capital of France', { k: 5 })),
    );
  });

  it('upserts idempotently: ids from content hashes, rows updated in place', async () => {
    const t = new PgVectorRetriever({ pool, table: 'upserts', dimensions: DIMS, embedder });
    await t.ensureSchema();
    expect(
      await t.upsert(['plain text one', 'plain text two', { id: 'x', text: 'first version', metadata: { v: 1 } }]),
    ).toBe(3);
    await t.upsert(['plain text one', { id: 'x', text: 'second version', metadata: { v: 2 } }]);
    expect(await t.count()).toBe(3);
    const [hit] = await t.retrieve('second version', { k: 1 });
    expect(hit).toMatchObject({ id: 'x', text: 'second version', metadata: { v: 2 } });
    const [plain] = await t.retrieve('plain text one', { k: 1 });
    expect(plain!.id).toMatch(/^[0-9a-f]{32}$/);
    expect(await t.delete(['x', 'missing'])).toBe(1);
    expect(await t.count()).toBe(2);
  });

  it('creates the schema of a schema-qualified table', async () => {
    const t = new PgVectorRetriever({ pool, table: 'rag.docs', dimensions: 16, embedder: new HashingEmbedder(16) });
    await t.ensureSchema();
    await t.upsert(['hello schema']);
    expect(ids(await t.retrieve('hello', { k: 1 }))).toHaveLength(1);
  });

  it('refuses a table made for another vector size, naming the table', async () => {
    const wrong = new PgVectorRetriever({
      pool,
      table: 'passages',
      dimensions: 128,
      embedder: new HashingEmbedder(128),
    });
    await expect(wrong.ensureSchema()).rejects.toThrow(
      /table passages at 127\.0\.0\.1:\d+\/postgres already exists with embedding vector\(256\), but this retriever stores vector\(128\)/,
    );
  });

  it('refuses an embedder whose vectors do not match `dimensions`', async () => {
    const mismatched = new PgVectorRetriever({
      pool,
      table: 'passages',
      dimensions: DIMS,
      embedder: new HashingEmbedder(64, 'other/64'),
    });
    await expect(mismatched.retrieve('x')).rejects.toThrow(
      /other\/64 returned a vector of 64 dimensions where 256 were expected/,
    );
  });

  it('says to call ensureSchema() when the table does not exist', async () => {
    const missing = new PgVectorRetriever({ pool, table: 'not_created', dimensions: DIMS, embedder });
    const err = await missing.retrieve('x').catch((e: unknown) => e);
    expect(DspyError.is(err, 'CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(
      /table not_created does not exist at 127\.0\.0\.1:\d+\/postgres\. Call ensureSchema\(\)/,
    );
  });

  it('explains an unreachable server, naming host and port', async () => {
    const port = await freePort();
    const down = new PgVectorRetriever({
      connectionString: `postgres://postgres:secret@127.0.0.1:${port}/app`,
      table: 't',
      dimensions: 4,
      embedder,
    });
    try {
      const err = await down.ensureSchema().catch((e: unknown) => e);
      expect((err as Error).message).toContain(`cannot reach PostgreSQL at 127.0.0.1:${port}/app (ECONNREFUSED)`);
      expect((err as Error).message).toContain('startPGliteServer()');
      expect((err as Error).message).not.toContain('secret');
    } finally {
      await down.close();
    }
  });

  it('passes the abort signal to the embedder', async () => {
    const seen: (AbortSignal | undefined)[] = [];
    const spy: Embedder = { model: embedder.model, embed: (texts, o) => (seen.push(o?.signal), embedder.embed(texts)) };
    const controller = new AbortController();
    await new PgVectorRetriever({ pool, table: 'passages', dimensions: DIMS, embedder: spy }).retrieve('x', {
      signal: controller.signal,
    });
    expect(seen).toEqual([controller.signal]);
    await expect(kb.retrieve('x', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'EXECUTION_CANCELLED',
    });
  });
});

describe('PgVectorRetriever options', () => {
  const base = { table: 't', dimensions: 4, embedder };

  it('needs exactly one of client, pool, connectionString', () => {
    expect(() => new PgVectorRetriever(base)).toThrow(/exactly one of client, pool or connectionString \(got 0\)/);
    expect(() => new PgVectorRetriever({ ...base, pool: {} as never, connectionString: 'postgres://x' })).toThrow(
      /\(got 2\)/,
    );
  });

  it('validates table names, dimensions and efSearch', () => {
    const conn = { connectionString: 'postgres://localhost/db' };
    expect(() => new PgVectorRetriever({ ...base, ...conn, table: 'x; DROP TABLE y' })).toThrow(
      /table "x; DROP TABLE y" is not a valid name/,
    );
    expect(() => new PgVectorRetriever({ ...base, ...conn, dimensions: 0 })).toThrow(
      /dimensions must be an integer from 1 to 16000/,
    );
    expect(() => new PgVectorRetriever({ ...base, ...conn, dimensions: 3072 })).toThrow(
      /HNSW index supports up to 2000 dimensions.*index: 'none'/,
    );
    expect(() => new PgVectorRetriever({ ...base, ...conn, efSearch: 0 })).toThrow(/efSearch must be an integer/);
  });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}
