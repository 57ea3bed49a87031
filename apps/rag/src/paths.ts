import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The app folder (the one holding package.json), found from this file so that `src/` under jest
// and `dist/src/` after tsc both reach data/ and compiled/.
function findAppRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`apps/rag: no package.json above ${from}`);
}

/**
 * The app's root folder.
 *
 * @example
 * join(APP_ROOT, 'README.md');
 */
export const APP_ROOT = findAppRoot(__dirname);

/**
 * The shipped corpus and questions (made by scripts/make-corpus.ts), and where the compiled
 * program is written (`RAG_COMPILED` overrides it).
 *
 * @example
 * const passages = loadCorpus(PATHS.corpus);
 */
export const PATHS = {
  corpus: join(APP_ROOT, 'data', 'corpus.json'),
  questions: join(APP_ROOT, 'data', 'questions.json'),
  compiled: process.env.RAG_COMPILED || join(APP_ROOT, 'compiled', 'multi-hop.json'),
} as const;
