import { randomUUID } from 'node:crypto';
import { currentSettings } from '@dspy-ts/core';

/** The tag key the trace id is stored under in dspy settings (`currentSettings().tags`). */
export const TRACE_ID_TAG = 'traceId';

// Ids come from clients: keep them short and log-safe (no spaces, quotes or control characters).
const SAFE_ID = /^[A-Za-z0-9._:\-]{1,128}$/;

/**
 * The caller's trace id when it is safe to log and echo back, else a fresh UUID.
 *
 * @example
 * pickTraceId('abc-123'); // 'abc-123'
 * pickTraceId('bad id\n'); // a new UUID
 */
export function pickTraceId(candidate: unknown): string {
  const value = Array.isArray(candidate) ? candidate[0] : candidate;
  return typeof value === 'string' && SAFE_ID.test(value) ? value : randomUUID();
}

/**
 * The trace id of the request this code runs for (set by `DspyContextInterceptor`), if any.
 *
 * @example
 * this.logger.warn(`[${currentTraceId()}] model reply could not be parsed`);
 */
export function currentTraceId(): string | undefined {
  return currentSettings().tags?.[TRACE_ID_TAG];
}

// Also kept on the request: exception filters run outside the handler's async scope.
const TRACE_ID_ON_REQUEST = Symbol.for('@dspy-ts/nestjs:traceId');

/** Records the trace id on the request object. */
export function setRequestTraceId(request: object | undefined, traceId: string): void {
  if (request) (request as Record<symbol, unknown>)[TRACE_ID_ON_REQUEST] = traceId;
}

/**
 * The trace id `DspyContextInterceptor` gave this request (for exception filters and middleware
 * that run outside the handler's scope).
 *
 * @example
 * const traceId = requestTraceId(host.switchToHttp().getRequest());
 */
export function requestTraceId(request: unknown): string | undefined {
  const value = (request as Record<symbol, unknown> | null | undefined)?.[TRACE_ID_ON_REQUEST];
  return typeof value === 'string' ? value : undefined;
}
