import { Logger } from '@nestjs/common';
import { DspyError } from '@dspy-ts/core';
import { rawLmText } from './http-mapping';

const defaultLogger = new Logger('Dspy');

/**
 * Logs a failed dspy call the way `DspyExceptionFilter` does: the raw LM text of a parse failure
 * (which clients never see), stack traces for server faults, one line for LM outages (503).
 * For failures answered outside the filter, e.g. an `error` event of a stream already under way.
 *
 * @example
 * logDspyFailure(err, toHttpError(err).statusCode, currentTraceId());
 */
export function logDspyFailure(
  err: unknown,
  statusCode: number,
  traceId: string | undefined,
  logger: Logger = defaultLogger,
): void {
  const code = DspyError.is(err) ? err.code : 'INTERNAL';
  const prefix = `[trace ${traceId ?? '-'}] ${statusCode} ${code}`;
  const raw = rawLmText(err);
  const message = err instanceof Error ? err.message : String(err);
  if (raw !== undefined) logger.error(`${prefix}: the LM reply could not be parsed. Raw reply:\n${raw}`);
  else if (statusCode >= 500 && statusCode !== 503)
    logger.error(`${prefix}: ${message}`, err instanceof Error ? err.stack : undefined);
  else logger.warn(`${prefix}: ${message.split('\n')[0]}`);
}
