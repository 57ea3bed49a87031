// Subpath entry `@dspy-ts/retrievers/pglite`: loads PGlite (optional peer) only when called.
export { startPGliteServer } from './start-pglite-server';
export type { PGliteServer, PGliteServerOptions } from './start-pglite-server';
