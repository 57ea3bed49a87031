import { type ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { DspyError } from '@dspy-ts/core';
import { currentTraceId, requestTraceId } from '../request/trace-id';
import { clientErrorOf, type DspyHttpError, toHttpError } from './http-mapping';
import { logDspyFailure, logOtherFailure } from './log-failure';

/**
 * Answers `DspyError`s over HTTP as `toHttpError` maps them (503 + `Retry-After` for LM failures,
 * 502 for unparseable replies, 400 for invalid program inputs) and logs them with the trace id;
 * the raw LM text of a parse failure goes to the log only. `HttpException`s go to Nest's default
 * filter. Anything else is a body-parser refusal (its 4xx status, e.g. 413) or a server fault
 * (a generic 500), logged as one line with the trace id and where it was thrown.
 *
 * @example
 * providers: [{ provide: APP_FILTER, useClass: DspyExceptionFilter }]
 */
@Catch()
export class DspyExceptionFilter extends BaseExceptionFilter {
  private readonly log = new Logger('DspyExceptionFilter');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http' || exception instanceof HttpException) {
      super.catch(exception, host);
      return;
    }
    const traceId = currentTraceId() ?? requestTraceId(host.getArgByIndex(0));
    let http: DspyHttpError;
    if (DspyError.is(exception)) {
      http = toHttpError(exception);
      logDspyFailure(exception, http.statusCode, traceId, this.log);
    } else {
      // Not ours and not an HttpException: a body-parser refusal (413, 400, 415) or a bug (500).
      // One log line each: a stack trace per request floods the log under a burst of bad requests.
      http = clientErrorOf(exception) ?? toHttpError(exception);
      logOtherFailure(exception, http.statusCode, traceId, this.log);
    }
    // Through the HTTP adapter, so Express and Fastify both work.
    const adapter = this.applicationRef ?? this.httpAdapterHost?.httpAdapter;
    const response = host.getArgByIndex(1);
    if (!adapter || adapter.isHeadersSent(response)) return;
    if (http.retryAfterSeconds !== undefined)
      adapter.setHeader(response, 'Retry-After', String(http.retryAfterSeconds));
    adapter.reply(response, traceId ? { ...http, traceId } : http, http.statusCode);
  }
}
