import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The app's folder (where package.json is), found from this file so `src/` under ts-node/jest and
// `dist/src/` after tsc both find data/ and compiled/.
function findAppRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`support-service: no package.json above ${from}`);
}

export const APP_ROOT = findAppRoot(__dirname);

/** Shipped data, and the compiled program the service loads (`SUPPORT_BOT_STATE` overrides it). */
export const PATHS = {
  knowledgeBase: join(APP_ROOT, 'data', 'knowledge-base.json'),
  supportQa: join(APP_ROOT, 'data', 'support-qa.json'),
  compiledBot: process.env.SUPPORT_BOT_STATE || join(APP_ROOT, 'compiled', 'support-bot.json'),
} as const;
