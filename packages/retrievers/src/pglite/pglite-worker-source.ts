/**
 * The code of the worker thread that hosts PGlite. It is plain JavaScript in a string (run with
 * `eval: true`) so the same file works from compiled output and from TypeScript sources under
 * test runners; package paths arrive resolved in `workerData`.
 *
 * Why a worker: PGlite runs Postgres as synchronous WebAssembly, so in the main thread every
 * query would block the application's event loop. Here only the worker waits. It also keeps
 * PGlite's own `import()` calls out of sandboxes such as Jest's module VM.
 *
 * Protocol: worker → main `{type:'ready', port}` | `{type:'error', stage, message}`;
 * main → worker `{type:'close'}`, answered by `{type:'closed'}`.
 */
export const PGLITE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { paths, dataDir, host, port, maxConnections } = workerData;
const fail = (stage, err) => parentPort.postMessage({ type: 'error', stage, message: String((err && err.message) || err) });
(async () => {
  const { PGlite } = require(paths.pglite);
  const { vector } = require(paths.pgvector);
  const { PGLiteSocketServer } = require(paths.socket);
  let db;
  try {
    db = await PGlite.create({ dataDir, extensions: { vector } });
    await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
  } catch (err) {
    return fail('open', err);
  }
  const server = new PGLiteSocketServer({ db, host, port, maxConnections });
  try {
    await server.start();
  } catch (err) {
    await db.close().catch(() => undefined);
    return fail('listen', err);
  }
  parentPort.on('message', async (message) => {
    if (!message || message.type !== 'close') return;
    try { await server.stop(); } catch {}
    try { await db.close(); } catch {}
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  });
  parentPort.postMessage({ type: 'ready', port: Number(server.getServerConn().split(':').pop()) });
})().catch((err) => fail('start', err));
`;
