import { ObserveRetrieve } from '@dspy-ts/core/provider-kit';
import { createHash } from 'node:crypto';
import { DspyError, type Embedder, type Passage, type RetrieveOptions, type Retriever } from '@dspy-ts/core';
import { normalizeDocuments, type RetrieverDocument } from '../documents';
import { embedInBatches } from '../internal/embed-in-batches';
import { DEFAULT_K, resolveK, throwIfAborted } from '../internal/options';
import { describeTarget, explainPgError, type PgQueryable } from './pg-errors';
import { parseTableName, vectorLiteral, type TableName } from './sql';

/**
 * Options for {@link PgVectorRetriever}. Give exactly one of `client`, `pool` or
 * `connectionString`; a given client or pool stays yours (never closed by the retriever).
 *
 * @example
 * const opts: PgVectorRetrieverOptions = {
 *   connectionString: process.env.DATABASE_URL!, table: 'passages', dimensions: 768, embedder,
 * };
 */
export interface PgVectorRetrieverOptions {
  /** A connected `pg.Client` (or a `pg.PoolClient`). */
  readonly client?: PgQueryable;
  /** A `pg.Pool`. */
  readonly pool?: PgQueryable;
  /** `postgres://user:pass@host:port/db`; the retriever makes its own pool and {@link PgVectorRetriever.close} ends it. */
  readonly connectionString?: string;
  /** Table name, optionally schema-qualified (`rag.passages`). Created by {@link PgVectorRetriever.ensureSchema}. */
  readonly table: string;
  /** The embedding model's output size, e.g. 768 for nomic-embed-text. */
  readonly dimensions: number;
  readonly embedder: Embedder;
  /** Passages returned when `retrieve` is called without `k`. Default 3. */
  readonly k?: number;
  /**
   * HNSW candidate list size for queries (pgvector's `hnsw.ef_search`, default 40). An HNSW
   * scan returns at most ef_search rows, so it is raised to `k` automatically when k > 40
   * (up to pgvector's maximum, 1000).
   */
  readonly efSearch?: number;
  /**
   * `'hnsw'` (default): approximate nearest-neighbour index on cosine distance, up to 2000
   * dimensions. `'none'`: no index, exact sequential scan (small tables, or > 2000 dimensions).
   */
  readonly index?: 'hnsw' | 'none';
}

/**
 * Options for {@link PgVectorRetriever.upsert}.
 *
 * @example
 * await kb.upsert(docs, { batchSize: 32 });
 */
export interface UpsertOptions {
  /** Texts per embedder call and rows per INSERT. Default 64. */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

const OWNER = 'PgVectorRetriever';
const PGVECTOR_DEFAULT_EF_SEARCH = 40;
const PGVECTOR_MAX_EF_SEARCH = 1000;
const HNSW_MAX_DIMENSIONS = 2000;

/**
 * Dense retrieval stored in PostgreSQL with pgvector, through the `pg` client. Works unchanged
 * against a PostgreSQL server with pgvector or the embedded PGlite server
 * (`startPGliteServer()` from `@dspy-ts/retrievers/pglite`). Scores are cosine similarity
 * (`1 - (embedding <=> query)`). Documents without an `id` get a hash of their text, so
 * re-upserting the same corpus updates rows instead of duplicating them.
 *
 * @example
 * const kb = new PgVectorRetriever({ connectionString, table: 'passages', dimensions: 768, embedder });
 * await kb.ensureSchema();
 * await kb.upsert([{ id: 'faq-1', text: 'Refunds take 5 days.', metadata: { source: 'faq' } }]);
 * const passages = await kb.retrieve('how long do refunds take?', { k: 3 });
 * await kb.close();
 */
export class PgVectorRetriever implements Retriever {
  readonly table: string;
  readonly dimensions: number;
  readonly embedder: Embedder;
  private readonly db: PgQueryable;
  private readonly ownPool?: { end(): Promise<void> };
  private readonly name: TableName;
  private readonly target: string;
  private readonly defaultK: number;
  private readonly efSearch?: number;
  private readonly index: 'hnsw' | 'none';

  constructor(options: PgVectorRetrieverOptions) {
    const { client, pool, connectionString } = options;
    const given = [client, pool, connectionString].filter((x) => x !== undefined).length;
    if (given !== 1) {
      throw new DspyError(
        'CONFIG_INVALID',
        `${OWNER} needs exactly one of client, pool or connectionString (got ${given}). ` +
          'For an embedded database use startPGliteServer() from @dspy-ts/retrievers/pglite and pass its connectionString.',
      );
    }
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > 16000) {
      throw new DspyError(
        'CONFIG_INVALID',
        `${OWNER}: dimensions must be an integer from 1 to 16000 (pgvector's limit), got ${String(options.dimensions)}.`,
      );
    }
    if (options.embedder === null || typeof options.embedder?.embed !== 'function') {
      throw new DspyError(
        'CONFIG_INVALID',
        `${OWNER} needs an embedder (an object with embed(texts)), e.g. new OllamaEmbedder({ model }).`,
      );
    }
    this.index = options.index ?? 'hnsw';
    if (this.index === 'hnsw' && options.dimensions > HNSW_MAX_DIMENSIONS) {
      throw new DspyError(
        'CONFIG_INVALID',
        `${OWNER}: pgvector's HNSW index supports up to ${HNSW_MAX_DIMENSIONS} dimensions, got ${options.dimensions}. Pass index: 'none' for exact search, or use a smaller embedding model.`,
      );
    }
    if (
      options.efSearch !== undefined &&
      (!Number.isInteger(options.efSearch) || options.efSearch < 1 || options.efSearch > PGVECTOR_MAX_EF_SEARCH)
    ) {
      throw new DspyError(
        'CONFIG_INVALID',
        `${OWNER}: efSearch must be an integer from 1 to ${PGVECTOR_MAX_EF_SEARCH}, got ${String(options.efSearch)}.`,
      );
    }
    this.name = parseTableName(options.table);
    this.table = options.table;
    this.dimensions = options.dimensions;
    this.embedder = options.embedder;
    this.defaultK = resolveK(OWNER, options.k, DEFAULT_K);
    this.efSearch = options.efSearch;
    this.target = describeTarget(options);
    if (connectionString !== undefined) {
      const own = createPool(connectionString);
      this.ownPool = own;
      this.db = own;
    } else {
      this.db = (client ?? pool)!;
    }
  }

  /**
   * Creates what the retriever needs, idempotently: the `vector` extension, the table
   * (id text primary key, text, metadata jsonb, embedding vector(d)) and an HNSW cosine index.
   * Fails clearly when the server lacks pgvector or the table holds another vector size.
   *
   * @example
   * await kb.ensureSchema(); // safe to call at every start-up
   */
  async ensureSchema(): Promise<void> {
    const t = this.name;
    await this.run('CREATE EXTENSION IF NOT EXISTS vector');
    const [state] = (await this.run(
      `SELECT to_regclass($1) IS NOT NULL AS exists,
              (SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                WHERE a.attrelid = to_regclass($1) AND a.attname = 'embedding' AND NOT a.attisdropped) AS type`,
      [t.regclass],
    )) as Array<{ exists: boolean; type: string | null }>;
    const type = state!.type;
    if (state!.exists && type !== `vector(${this.dimensions})`) {
      throw new DspyError(
        'CONFIG_INVALID',
        `${OWNER}: table ${this.table} at ${this.target} already exists with ${type ? `embedding ${type}` : 'no embedding column'}, ` +
          `but this retriever stores vector(${this.dimensions}). Use another table name, or drop that table and upsert again.`,
        { details: { table: this.table, target: this.target } },
      );
    }
    if (t.schemaSql) await this.run(`CREATE SCHEMA IF NOT EXISTS ${t.schemaSql}`);
    await this.run(
      `CREATE TABLE IF NOT EXISTS ${t.sql} (
         id text PRIMARY KEY,
         text text NOT NULL,
         metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
         embedding vector(${this.dimensions}) NOT NULL
       )`,
    );
    if (this.index === 'hnsw') {
      await this.run(`CREATE INDEX IF NOT EXISTS ${t.indexSql} ON ${t.sql} USING hnsw (embedding vector_cosine_ops)`);
    }
  }

  /**
   * Embeds and inserts documents, replacing rows with the same id. Each batch is one statement,
   * so a failure leaves earlier batches written; upserting again is safe.
   *
   * @example
   * const n = await kb.upsert(['Paris is the capital of France.', { id: 'b', text: 'Berlin…' }]);
   */
  async upsert(docs: readonly RetrieverDocument[], options: UpsertOptions = {}): Promise<number> {
    const normalized = normalizeDocuments(docs, OWNER, (_i, text) => contentId(text));
    const batchSize = options.batchSize ?? 64;
    for (let start = 0; start < normalized.length; start += batchSize) {
      const batch = normalized.slice(start, start + batchSize);
      const vectors = await embedInBatches(
        this.embedder,
        batch.map((d) => d.text),
        batchSize,
        OWNER,
        options.signal,
        this.dimensions,
      );
      throwIfAborted(OWNER, options.signal);
      const values: unknown[] = [];
      const rows = batch.map((d, i) => {
        values.push(d.id, d.text, JSON.stringify(d.metadata), vectorLiteral(vectors[i]!));
        const p = i * 4;
        return `($${p + 1}, $${p + 2}, $${p + 3}::jsonb, $${p + 4}::vector)`;
      });
      await this.run(
        `INSERT INTO ${this.name.sql} (id, text, metadata, embedding) VALUES ${rows.join(', ')}
         ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text, metadata = EXCLUDED.metadata, embedding = EXCLUDED.embedding`,
        values,
      );
    }
    return normalized.length;
  }

  /**
   * The `k` passages nearest to `query` by cosine distance (`<=>`), best first; `score` is
   * `1 - distance`. With the HNSW index the search is approximate (exact for small tables).
   *
   * @example
   * const passages = await kb.retrieve('refund policy', { k: 5 });
   */
  @ObserveRetrieve()
  async retrieve(query: string, options: RetrieveOptions = {}): Promise<Passage[]> {
    throwIfAborted(OWNER, options.signal);
    const k = resolveK(OWNER, options.k, this.defaultK);
    const [vector] = await embedInBatches(this.embedder, [query], 1, OWNER, options.signal, this.dimensions);
    throwIfAborted(OWNER, options.signal);
    const literal = vectorLiteral(vector!);
    const select = (q: string, limit: string) =>
      `SELECT id, text, metadata, 1 - (embedding <=> ${q}) AS score FROM ${this.name.sql} ORDER BY embedding <=> ${q} LIMIT ${limit}`;
    // pgvector caps ef_search at 1000, so HNSW returns at most 1000 rows (use index: 'none' beyond).
    const efSearch =
      this.index === 'hnsw'
        ? Math.min(PGVECTOR_MAX_EF_SEARCH, Math.max(this.efSearch ?? PGVECTOR_DEFAULT_EF_SEARCH, k))
        : undefined;
    let rows: unknown[];
    if (efSearch !== undefined && (this.efSearch !== undefined || k > PGVECTOR_DEFAULT_EF_SEARCH)) {
      // SET LOCAL lasts one transaction. A multi-statement simple query is one implicit
      // transaction: it stays on one pooled connection, and on error it rolls back by itself
      // (an explicit BEGIN would leave the connection stuck in an aborted transaction). Such
      // queries take no parameters, hence the inlined literal (numbers only) and integer k.
      const results = (await this.run(
        `SET LOCAL hnsw.ef_search = ${efSearch}; ${select(`'${literal}'::vector`, String(k))}`,
        undefined,
        true,
      )) as unknown as Array<{ rows: unknown[] }>;
      rows = results[1]!.rows;
    } else {
      rows = await this.run(select('$1::vector', '$2'), [literal, k]);
    }
    return (rows as Array<{ id: string; text: string; metadata: Record<string, unknown> | null; score: number }>).map(
      (r) => ({
        id: r.id,
        text: r.text,
        score: Number(r.score),
        metadata: r.metadata ?? {},
      }),
    );
  }

  /**
   * Deletes rows by id; returns how many existed.
   *
   * @example
   * await kb.delete(['faq-1']);
   */
  async delete(ids: readonly string[]): Promise<number> {
    const rows = await this.run(`DELETE FROM ${this.name.sql} WHERE id = ANY($1::text[]) RETURNING id`, [ids]);
    return rows.length;
  }

  /**
   * Number of stored passages.
   *
   * @example
   * if ((await kb.count()) === 0) await kb.upsert(corpus);
   */
  async count(): Promise<number> {
    const rows = await this.run(`SELECT count(*)::int AS n FROM ${this.name.sql}`);
    return (rows[0] as { n: number }).n;
  }

  /**
   * Ends the pool the retriever created from `connectionString`; a given client or pool is left
   * open for its owner.
   *
   * @example
   * await kb.close();
   */
  async close(): Promise<void> {
    await this.ownPool?.end();
  }

  private async run(sql: string, values?: unknown[], whole = false): Promise<unknown[]> {
    try {
      const result = await this.db.query(sql, values);
      return whole ? (result as unknown as unknown[]) : result.rows;
    } catch (err) {
      throw explainPgError(err, this.table, this.target);
    }
  }
}

/** Stable id for a document given without one: re-upserting the same text updates its row. */
function contentId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function createPool(connectionString: string): PgQueryable & { end(): Promise<void> } {
  // Loaded here, not at the top, so passing your own client or pool never loads a second `pg`.
  const { Pool } = require('pg') as typeof import('pg');
  const pool = new Pool({ connectionString });
  // Without a listener, an idle connection dropped by the server (restart, PGlite closing)
  // would crash the process with an unhandled 'error' event; the pool replaces it on next use.
  pool.on('error', () => undefined);
  return pool;
}
