import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from '@dspy-ts/core';

function line(obj: object | string, msg?: string): string {
  if (typeof obj === 'string') return obj;
  const { err, ...fields } = obj as { err?: unknown };
  const text = msg ?? (err instanceof Error ? err.message : '');
  const extra = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
  return `${text}${err instanceof Error && msg ? `: ${err.message}` : ''}${extra}`;
}

/**
 * dspy-ts's logger interface on top of Nest's `Logger` (so Nest's log levels, format and any
 * custom `LoggerService` apply). `DspyModule.forRoot` installs it unless `logger: false`.
 *
 * @example
 * configure({ logger: nestLogger('Dspy') });
 */
export function nestLogger(contextName = 'Dspy'): Logger {
  const nest = new NestLogger(contextName);
  return {
    debug: (obj, msg) => nest.debug(line(obj, msg)),
    info: (obj, msg) => nest.log(line(obj, msg)),
    warn: (obj, msg) => nest.warn(line(obj, msg)),
    error: (obj, msg) => {
      const err = typeof obj === 'object' ? (obj as { err?: unknown }).err : undefined;
      nest.error(line(obj, msg), err instanceof Error ? err.stack : undefined);
    },
  };
}
