import { Logger } from '@nestjs/common';
import { DspyError } from '@dspy-ts/core';
import { rawLmText } from './http-mapping';

const defaultLogger = new Logger('Dspy');

/** The stack frame `err` was thrown from: logged instead of the full stack, which per request floods the log. */
function throwingFrame(err: unknown): string | undefined {
  return (err instanceof Error ? err.stack : undefined)
    ?.split('\n')
    .find((l) => /^\s+at /.test(l))
    ?.trim();
}

/**
 * Logs a failed dspy call the way `DspyExceptionFilter` does: the raw LM text of a parse failure
 * (which clients never see), one line with the throwing frame for server faults, one line for LM outages (503).
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
  else if (statusCode >= 500 && statusCode !== 503) {
    const frame = throwingFrame(err);
    logger.error(`${prefix}: ${message.split('\n')[0]}${frame ? ` (${frame})` : ''}`);
  } else logger.warn(`${prefix}: ${message.split('\n')[0]}`);
}

/**
 * Logs an error that is neither a `DspyError` nor an `HttpException` as one line: a client error
 * (4xx, e.g. a body-parser 413) as a warning, a server fault as an error naming the error and
 * the frame it was thrown from (the full stack would be one multi-line entry per request).
 *
 * @example
 * logOtherFailure(err, 500, currentTraceId());
 */
export function logOtherFailure(
  err: unknown,
  statusCode: number,
  traceId: string | undefined,
  logger: Logger = defaultLogger,
): void {
  const prefix = `[trace ${traceId ?? '-'}] ${statusCode}`;
  const e = err instanceof Error ? err : undefined;
  const what = e ? `${e.name}: ${e.message}` : String(err);
  const firstLine = what.split('\n')[0]!.slice(0, 500);
  if (statusCode < 500) {
    logger.warn(`${prefix}: ${firstLine}`);
    return;
  }
  const frame = throwingFrame(err);
  logger.error(`${prefix} INTERNAL: ${firstLine}${frame ? ` (${frame})` : ''}`);
}
