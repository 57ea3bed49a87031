import { type ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { DspyError } from '@dspy-ts/core';
import { currentTraceId, requestTraceId } from '../request/trace-id';
import { toHttpError } from './http-mapping';
import { logDspyFailure } from './log-failure';

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
    const traceId = currentTraceId() ?? requestTraceId(host.getArgByIndex(0));
    logDspyFailure(exception, http.statusCode, traceId, this.log);
    // Through the HTTP adapter, so Express and Fastify both work.
    const adapter = this.applicationRef ?? this.httpAdapterHost?.httpAdapter;
    const response = host.getArgByIndex(1);
    if (!adapter || adapter.isHeadersSent(response)) return;
    if (http.retryAfterSeconds !== undefined)
      adapter.setHeader(response, 'Retry-After', String(http.retryAfterSeconds));
    adapter.reply(response, traceId ? { ...http, traceId } : http, http.statusCode);
  }
}
