import { DspyError } from '@dspy-ts/core';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Options for {@link startPGliteServer}.
 *
 * @example
 * await startPGliteServer({ dataDir: './data/pglite' }); // persisted between runs
 */
export interface PGliteServerOptions {
  /** Where PGlite keeps its files; a folder path persists, `memory://` (default) does not. */
  readonly dataDir?: string;
  /** Interface to listen on. Default 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * Concurrent connections accepted. PGlite runs one query at a time and queues the rest;
   * default 10 matches `pg.Pool`'s default size.
   */
  readonly maxConnections?: number;
}

/**
 * A running PGlite-with-pgvector behind a PostgreSQL socket.
 *
 * @example
 * const { connectionString, close } = await startPGliteServer();
 */
export interface PGliteServer {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`, for `pg` or `PgVectorRetriever`. */
  readonly connectionString: string;
  readonly host: string;
  readonly port: number;
  /** The PGlite instance, for direct (in-process) queries. */
  readonly db: PGlite;
  /** Stops listening, drops connections and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

/** The exact versions that work together (pglite-socket pins pglite as a peer). */
const INSTALL =
  'npm install @electric-sql/pglite@0.5.14 @electric-sql/pglite-pgvector@0.0.15 @electric-sql/pglite-socket@0.2.17';

/**
 * Starts PGlite (Postgres compiled to WebAssembly, in this process) with the pgvector extension
 * and serves it over the PostgreSQL wire protocol, so the ordinary `pg` client and
 * `PgVectorRetriever` use it like a server: the embedded default, nothing to install. Start
 * takes a few seconds. PGlite packages are optional peers; install them with the line in the
 * error if they are missing.
 *
 * @example
 * const server = await startPGliteServer();
 * const kb = new PgVectorRetriever({ connectionString: server.connectionString, table: 'passages', dimensions: 768, embedder });
 * await kb.ensureSchema();
 * // ...
 * await kb.close();
 * await server.close();
 */
export async function startPGliteServer(options: PGliteServerOptions = {}): Promise<PGliteServer> {
  const { PGlite, vector, PGLiteSocketServer } = loadPGlite();
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ?? 'memory://';
  let db: PGlite;
  try {
    db = await PGlite.create({ dataDir, extensions: { vector } });
    // Enabled here too, so a plain `pg` client can use vectors without ensureSchema().
    await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (err) {
    throw new DspyError(
      'CONFIG_INVALID',
      `startPGliteServer: PGlite could not open its data directory ${dataDir} (${(err as Error).message}). ` +
        'Check the path is writable and not used by another PGlite process, or leave dataDir out for an in-memory database.',
      { cause: err },
    );
  }
  const server = new PGLiteSocketServer({ db, host, port: options.port ?? 0, maxConnections: options.maxConnections ?? 10 });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw new DspyError(
      'CONFIG_INVALID',
      `startPGliteServer: cannot listen on ${host}:${options.port ?? 0} (${(err as Error).message}). Pick another port, or leave port out for a free one.`,
      { cause: err },
    );
  }
  // The server learns its real port only after listening (port 0 = any free port).
  const port = Number(server.getServerConn().split(':').pop());
  let closing: Promise<void> | undefined;
  return {
    connectionString: `postgresql://postgres@${host}:${port}/postgres`,
    host,
    port,
    db,
    close: () =>
      (closing ??= (async () => {
        await server.stop();
        await db.close();
      })()),
  };
}

function loadPGlite() {
  try {
    // Required lazily: these are optional peers (PGlite is ~27 MB), needed only for this helper.
    const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
    const { vector } = require('@electric-sql/pglite-pgvector') as typeof import('@electric-sql/pglite-pgvector');
    const { PGLiteSocketServer } = require('@electric-sql/pglite-socket') as typeof import('@electric-sql/pglite-socket');
    return { PGlite, vector, PGLiteSocketServer };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      throw new DspyError('CONFIG_INVALID', `startPGliteServer needs the PGlite packages, which are optional: ${INSTALL}`, { cause: err });
    }
    throw err;
  }
}
