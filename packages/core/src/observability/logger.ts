/**
 * A pino-compatible logger: each method takes an object of fields first and a message, or a
 * message alone. Pass a pino logger, Nest's logger (via `@dspy-ts/nestjs`) or your own.
 *
 * @example
 * import pino from 'pino';
 * configure({ logger: pino() });
 */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/**
 * Levels of the built-in logger, least to most severe; `silent` logs nothing.
 *
 * @example
 * configure({ logger: consoleLogger({ level: 'warn' }) });
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Splits pino-style arguments into fields and a message. */
function split(obj: object | string, msg?: string): { fields?: object; text: string } {
  if (typeof obj === 'string') return { text: obj };
  const { err, ...rest } = obj as { err?: unknown };
  const text = msg ?? (err instanceof Error ? err.message : '');
  return {
    fields: Object.keys(rest).length ? rest : undefined,
    text: err instanceof Error && msg ? `${msg}: ${err.message}` : text,
  };
}

/**
 * The default logger: `warn` and `error` to stderr as one line each (`[dspy-ts] WARN message {fields}`),
 * `debug`/`info` dropped. `level` lowers or raises the threshold; `silent` drops everything.
 *
 * @example
 * configure({ logger: consoleLogger({ level: 'debug' }) });
 */
export function consoleLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const threshold = ORDER[options.level ?? 'warn'];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const at =
    (level: Exclude<LogLevel, 'silent'>) =>
    (obj: object | string, msg?: string): void => {
      if (ORDER[level] < threshold) return;
      const { fields, text } = split(obj, msg);
      let extra = '';
      if (fields) {
        try {
          extra = ` ${JSON.stringify(fields)}`;
        } catch {
          extra = '';
        }
      }
      write(`[dspy-ts] ${level.toUpperCase()} ${text}${extra}`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A logger that drops everything (tests, CLIs with their own output).
 *
 * @example
 * configure({ lm, logger: silentLogger });
 */
export const silentLogger: Logger = consoleLogger({ level: 'silent' });
