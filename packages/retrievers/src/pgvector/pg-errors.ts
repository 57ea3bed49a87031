import { DspyError } from '@dspy-ts/core';

/**
 * The minimal `pg` surface the retriever uses; `pg.Pool`, `pg.Client` and `pg.PoolClient` fit.
 * Typed structurally so a `pg` of another version (yours) works without type clashes.
 *
 * @example
 * const pool: PgQueryable = new Pool({ connectionString });
 */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

const PGLITE_HINT =
  'For an embedded database with nothing to install, use startPGliteServer() from @dspy-ts/retrievers/pglite.';

/**
 * Where the retriever points, for error messages: `host:port/database`, never the password.
 *
 * @example
 * describeTarget({ connectionString: 'postgres://u:secret@db:5432/app' }); // 'db:5432/app'
 */
export function describeTarget(source: { connectionString?: string; client?: unknown; pool?: unknown }): string {
  if (source.connectionString !== undefined) return fromUrl(source.connectionString);
  // pg.Pool keeps its settings in `.options`; pg.Client has them as own fields.
  type Settings = { connectionString?: string; host?: string; port?: number; database?: string };
  const conn = (source.pool ?? source.client) as (Settings & { options?: Settings }) | undefined;
  const o = conn?.options ?? conn;
  if (o?.connectionString) return fromUrl(o.connectionString);
  if (o?.host) return `${o.host}:${o.port ?? 5432}/${o.database ?? ''}`;
  return source.pool ? 'the given pg pool' : 'the given pg client';
}

function fromUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname || ''}`;
  } catch {
    return 'the given connection string';
  }
}

/**
 * Turns the `pg` errors we can explain into a `DspyError` that names the table and target and
 * says how to fix it. Anything else is returned unchanged (it keeps its SQLSTATE `code`).
 */
export function explainPgError(err: unknown, table: string, target: string): unknown {
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  const msg = e?.message ?? '';
  const fail = (text: string) =>
    new DspyError('CONFIG_INVALID', text, { cause: err, details: { table, target, pgCode: code } });

  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN', 'ECONNRESET'].includes(code)) {
    return fail(
      `PgVectorRetriever cannot reach PostgreSQL at ${target} (${code}). Check that the server is running and the host/port are right. ${PGLITE_HINT}`,
    );
  }
  if (code === '28P01' || code === '28000') {
    return fail(
      `PgVectorRetriever: PostgreSQL at ${target} rejected the login (${msg}). Check the user and password in the connection string.`,
    );
  }
  if (code === '3D000') {
    return fail(
      `PgVectorRetriever: ${msg} at ${target}. Create the database first or fix its name in the connection string.`,
    );
  }
  if ((code === '0A000' || code === '58P01') && /extension "vector"|vector\.control/.test(msg)) {
    return fail(
      `PgVectorRetriever: PostgreSQL at ${target} does not have the pgvector extension ("vector" is not available). ` +
        `Install pgvector on that server (packages postgresql-<version>-pgvector, or the pgvector/pgvector Docker image). ${PGLITE_HINT}`,
    );
  }
  if (code === '42501' && /extension/i.test(msg)) {
    return fail(
      `PgVectorRetriever: not allowed to create the "vector" extension at ${target} (${msg}). ` +
        'Ask an administrator to run CREATE EXTENSION vector; in that database once, then call ensureSchema() again.',
    );
  }
  if (code === '42704' && /type "vector"/.test(msg)) {
    return fail(
      `PgVectorRetriever: the "vector" extension is not enabled in the database at ${target}. Call ensureSchema() first (it runs CREATE EXTENSION IF NOT EXISTS vector).`,
    );
  }
  if (code === '42P01') {
    return fail(
      `PgVectorRetriever: table ${table} does not exist at ${target}. Call ensureSchema() once to create it.`,
    );
  }
  if (code === '22000' && /dimensions/.test(msg)) {
    return fail(
      `PgVectorRetriever: table ${table} at ${target} stores vectors of another size (${msg}). ` +
        "Set `dimensions` to the embedding model's output size and use a table made for that model.",
    );
  }
  if (/Connection terminated/i.test(msg)) {
    return fail(
      `PgVectorRetriever lost its connection to PostgreSQL at ${target} (${msg}). Check that the server is still running. ${PGLITE_HINT}`,
    );
  }
  return err;
}
