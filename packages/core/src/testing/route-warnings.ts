import { configure, currentSettings } from '../context/settings';
import type { Logger } from '../observability/logger';

/**
 * Sends dspy-ts warnings to `fn(message, fields)` (e.g. a `jest.fn()`) instead of the logger in
 * force; `fn.mockRestore()` (or `restore()`) puts the previous logger back. Framework-free.
 *
 * @example
 * const warn = routeWarnings(jest.fn());
 * await lm.call(messages, { maxTokens: 1 });
 * expect(warn).toHaveBeenCalledWith(expect.stringMatching(/token limit/), expect.anything());
 * warn.mockRestore();
 */
export function routeWarnings<F extends (message: string, fields: object) => unknown>(
  fn: F,
): F & { restore(): void; mockRestore(): void } {
  const previous = currentSettings().logger;
  const noop = () => undefined;
  const logger: Logger = {
    debug: noop,
    info: noop,
    error: noop,
    warn: (obj, msg) => void fn(typeof obj === 'string' ? obj : (msg ?? ''), typeof obj === 'string' ? {} : obj),
  };
  configure({ logger });
  const restore = () => configure({ logger: previous });
  return Object.assign(fn, { restore, mockRestore: restore });
}
