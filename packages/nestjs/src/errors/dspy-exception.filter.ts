import { type ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { DspyError } from '@dspy-ts/core';
import { currentTraceId } from '../request/trace-id';
import { rawLmText, toHttpError } from './http-mapping';

/**
 * Answers `DspyError`s over HTTP as `toHttpError` maps them (503 + `Retry-After` for LM failures,
 * 502 for unparseable replies, 400 for invalid program inputs) and logs them with the trace id;
 * the raw LM text of a parse failure goes to the log only. Other errors go to Nest's default filter.
 *
 * @example
 * providers: [{ provide: APP_FILTER, useClass: DspyExceptionFilter }]
 */
@Catch()
export class DspyExceptionFilter extends BaseExceptionFilter {
  private readonly log = new Logger('DspyExceptionFilter');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (!DspyError.is(exception) || host.getType() !== 'http') {
      super.catch(exception, host);
      return;
    }
    const http = toHttpError(exception);
    const traceId = currentTraceId();
    this.logFailure(exception, http.statusCode, traceId);
    // Through the HTTP adapter, so Express and Fastify both work.
    const adapter = this.applicationRef ?? this.httpAdapterHost?.httpAdapter;
    const response = host.getArgByIndex(1);
    if (!adapter || adapter.isHeadersSent(response)) return;
    if (http.retryAfterSeconds !== undefined) adapter.setHeader(response, 'Retry-After', String(http.retryAfterSeconds));
    adapter.reply(response, traceId ? { ...http, traceId } : http, http.statusCode);
  }

  private logFailure(err: DspyError, status: number, traceId: string | undefined): void {
    const prefix = `[trace ${traceId ?? '-'}] ${status} ${err.code}`;
    const raw = rawLmText(err);
    if (raw !== undefined) this.log.error(`${prefix}: the LM reply could not be parsed. Raw reply:\n${raw}`);
    else if (status >= 500 && status !== 503) this.log.error(`${prefix}: ${err.message}`, err.stack);
    else this.log.warn(`${prefix}: ${err.message.split('\n')[0]}`);
  }
}
