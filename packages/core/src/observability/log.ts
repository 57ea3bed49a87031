import { currentSettings } from '../context/settings';
import { consoleLogger, type Logger, silentLogger } from './logger';

const fallback = consoleLogger();

/**
 * The logger in force here: `withSettings({ logger })`, then `configure({ logger })`, then the
 * default (warnings and errors to stderr).
 *
 * @example
 * logger().warn({ model }, 'reply was cut off');
 */
export function logger(): Logger {
  return currentSettings().logger ?? fallback;
}

const warned = new WeakMap<object, Set<string>>();
const warnedGlobal = new Set<string>();

/**
 * Logs a warning once per `owner` and `cause` (an LM warns once about truncation at a given
 * `maxTokens`, a copy of it warns again). Under a silent logger (health probes) nothing is
 * logged and nothing is used up, so a later real call still gets its warning.
 *
 * @example
 * warnOnce(this, `truncated:${maxTokens}`, { model: this.model, code: 'DSPY_TS_TRUNCATED' }, 'reply cut off');
 */
export function warnOnce(owner: object | undefined, cause: string, fields: object, msg: string): void {
  const log = logger();
  if (log === silentLogger) return;
  let seen = warnedGlobal;
  if (owner) {
    seen = warned.get(owner) ?? new Set();
    warned.set(owner, seen);
  }
  if (seen.has(cause)) return;
  seen.add(cause);
  log.warn(fields, msg);
}
