import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { currentSettings, type LanguageModel, type Settings, withSettings } from '@dspy-ts/core';
import { context as otelContext, propagation, trace } from '@opentelemetry/api';
import { Observable, type Subscription } from 'rxjs';
import type { DspyModuleOptions } from '../dspy-module-options';
import { applyServiceHistoryLimits } from '../lm/service-history';
import { DSPY_MODULE_OPTIONS } from '../tokens';
import { pickTraceId, setRequestTraceId, TRACE_ID_TAG } from './trace-id';

const DEFAULT_TRACE_HEADER = 'x-trace-id';

/**
 * Runs each request's handler inside its own `withSettings` scope: the LM chosen by the
 * configured `lmResolver` (if any) and a `traceId` tag. AsyncLocalStorage carries the scope
 * through everything the handler starts, streams included, so concurrent requests never see
 * each other's LM. Registered globally by `DspyModule.forRoot` unless `requestContext: false`.
 *
 * Why an interceptor and not Nest's REQUEST scope: request-scoped providers make every
 * dependent provider request-scoped too (programs rebuilt per request); this keeps them singletons.
 *
 * @example
 * // with requestContext: false, per controller:
 * @UseInterceptors(DspyContextInterceptor)
 * @Controller('ask') class AskController {}
 */
@Injectable()
export class DspyContextInterceptor implements NestInterceptor {
  private readonly traceHeader: string | undefined;

  constructor(@Inject(DSPY_MODULE_OPTIONS) private readonly options: DspyModuleOptions) {
    const header = options.traceIdHeader ?? DEFAULT_TRACE_HEADER;
    this.traceHeader = header === false ? undefined : header.toLowerCase();
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.getType() === 'http' ? context.switchToHttp().getRequest() : undefined;
    const settings: Settings = {};
    if (this.traceHeader) {
      const traceId = pickTraceId(request?.headers?.[this.traceHeader]);
      settings.tags = { ...currentSettings().tags, [TRACE_ID_TAG]: traceId };
      setRequestTraceId(request, traceId);
      const response = context.getType() === 'http' ? context.switchToHttp().getResponse() : undefined;
      if (response && typeof response.setHeader === 'function' && !response.headersSent)
        response.setHeader(this.traceHeader, traceId);
    }
    // With an HTTP instrumentation the request span is already active and our spans nest under
    // it; without one, a W3C `traceparent` header (read by the registered propagator) links them
    // to the caller's trace.
    const active = otelContext.active();
    const headers = request?.headers;
    const parent = !trace.getSpan(active) && headers?.traceparent ? propagation.extract(active, headers) : undefined;
    const resolver = this.options.lmResolver;
    return new Observable((subscriber) => {
      let inner: Subscription | undefined;
      // Subscribing inside the scope, not only calling `handle()` there, matters for handlers that
      // return a lazy Observable (SSE): its producer starts at subscription and must see the scope.
      const scoped = (lm: LanguageModel | undefined) => {
        applyServiceHistoryLimits(lm, this.options.history);
        return withSettings(lm ? { ...settings, lm } : settings, () => {
          inner = next.handle().subscribe(subscriber);
        });
      };
      const run = (lm: LanguageModel | undefined) => (parent ? otelContext.with(parent, () => scoped(lm)) : scoped(lm));
      const chosen = resolver ? resolver(request, context) : undefined;
      if (!isPromiseLike(chosen)) run(chosen);
      else
        chosen.then(
          (lm) => subscriber.closed || run(lm),
          (err: unknown) => subscriber.error(err),
        );
      return () => inner?.unsubscribe();
    });
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as PromiseLike<T> | undefined)?.then === 'function';
}
