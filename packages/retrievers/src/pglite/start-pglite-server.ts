import { DspyError } from '@dspy-ts/core';
import { Worker } from 'node:worker_threads';
import { PGLITE_WORKER_SOURCE } from './pglite-worker-source';

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
  /** How long to wait for PGlite to start, in ms. Default 60 000. */
  readonly startTimeoutMs?: number;
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
  /** Stops listening, drops connections and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

/** The exact versions that work together (pglite-socket pins pglite as a peer). */
const INSTALL =
  'npm install @electric-sql/pglite@0.5.14 @electric-sql/pglite-pgvector@0.0.15 @electric-sql/pglite-socket@0.2.17';
const CLOSE_TIMEOUT_MS = 10_000;

type WorkerMessage =
  | { type: 'ready'; port: number }
  | { type: 'error'; stage: string; message: string }
  | { type: 'closed' };

/**
 * Starts PGlite (Postgres compiled to WebAssembly) with the pgvector extension in a worker
 * thread and serves it over the PostgreSQL wire protocol, so the ordinary `pg` client and
 * `PgVectorRetriever` use it like a server: the embedded default, nothing to install. Start
 * takes a few seconds. Always `close()` it: the worker thread keeps the process alive. The
 * PGlite packages are optional peers; the error says what to install when they are missing.
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
  const host = options.host ?? '127.0.0.1';
  const dataDir = options.dataDir ?? 'memory://';
  const worker = new Worker(PGLITE_WORKER_SOURCE, {
    eval: true,
    workerData: {
      paths: resolvePGlite(),
      dataDir,
      host,
      port: options.port ?? 0,
      maxConnections: options.maxConnections ?? 10,
    },
  });
  const port = await waitForReady(worker, options.startTimeoutMs ?? 60_000, dataDir, host, options.port ?? 0);
  let closing: Promise<void> | undefined;
  return {
    connectionString: `postgresql://postgres@${host}:${port}/postgres`,
    host,
    port,
    close: () => (closing ??= closeWorker(worker)),
  };
}

function resolvePGlite(): { pglite: string; pgvector: string; socket: string } {
  try {
    return {
      pglite: require.resolve('@electric-sql/pglite'),
      pgvector: require.resolve('@electric-sql/pglite-pgvector'),
      socket: require.resolve('@electric-sql/pglite-socket'),
    };
  } catch (err) {
    throw new DspyError(
      'CONFIG_INVALID',
      `startPGliteServer needs the PGlite packages, which are optional: ${INSTALL}`,
      { cause: err },
    );
  }
}

function waitForReady(worker: Worker, timeoutMs: number, dataDir: string, host: string, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const fail = (message: string, cause?: unknown) => {
      cleanup();
      void worker.terminate();
      reject(new DspyError('CONFIG_INVALID', message, { cause }));
    };
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'ready') {
        cleanup();
        resolve(m.port);
      } else if (m.type === 'error') {
        fail(
          m.stage === 'open'
            ? `startPGliteServer: PGlite could not open its data directory ${dataDir} (${m.message}). ` +
                'Check the path is writable and not used by another PGlite process, or leave dataDir out for an in-memory database.'
            : m.stage === 'listen'
              ? `startPGliteServer: cannot listen on ${host}:${port} (${m.message}). Pick another port, or leave port out for a free one.`
              : `startPGliteServer: PGlite failed to start (${m.message}). ${INSTALL} installs the versions that work together.`,
        );
      }
    };
    const onError = (err: Error) => fail(`startPGliteServer: the PGlite worker crashed (${err.message}).`, err);
    const onExit = (code: number) =>
      fail(`startPGliteServer: the PGlite worker exited with code ${code} before it was ready.`);
    const timer = setTimeout(() => fail(`startPGliteServer: PGlite did not start within ${timeoutMs} ms.`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}

async function closeWorker(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const closed = new Promise<void>((resolve) => {
    worker.on('message', (m: WorkerMessage) => m.type === 'closed' && resolve());
  });
  worker.postMessage({ type: 'close' });
  // A clean close flushes a persistent dataDir; if it hangs, stop the thread anyway.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)))]);
  clearTimeout(timer);
  await worker.terminate();
  await exited;
}
