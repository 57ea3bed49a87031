import { DspyError } from '../errors/dspy-error';
import type { StreamEvent } from './stream-events';

/**
 * Options of `toSSE`.
 *
 * @example
 * toSSE(events, { eventNames: false, exposeErrors: process.env.NODE_ENV !== 'production' });
 */
export interface SseOptions {
  /** Write an `event: <type>` line (default true). Without it every frame reaches `EventSource.onmessage`. */
  readonly eventNames?: boolean;
  /** Put the error's message in the `error` frame (default false: only its code, so internals such as host names do not leak to clients). */
  readonly exposeErrors?: boolean;
}

/**
 * The frame `toSSE` writes when the stream fails.
 *
 * @example
 * source.addEventListener('error', (e) => showError(JSON.parse(e.data) as SseErrorEvent));
 */
export interface SseErrorEvent {
  readonly type: 'error';
  readonly code?: string;
  readonly message: string;
}

/**
 * One `text/event-stream` frame for an event: `event: <type>` (unless disabled) and one
 * `data:` line with the event as JSON (type included; a `Prediction` serializes to its fields).
 *
 * @example
 * sseFrame({ type: 'status', message: 'Searching...' });
 * // 'event: status\ndata: {"type":"status","message":"Searching..."}\n\n'
 */
export function sseFrame(event: StreamEvent | SseErrorEvent, options: SseOptions = {}): string {
  // JSON.stringify escapes newlines, so the payload always fits on one `data:` line.
  const name = options.eventNames === false ? '' : `event: ${event.type}\n`;
  return `${name}data: ${JSON.stringify(event)}\n\n`;
}

/**
 * Turns a `streamify` stream into `text/event-stream` frames. When the stream fails, an
 * `error` frame (`SseErrorEvent`) is written, then the error is rethrown so
 * the server can log it and close the response.
 *
 * @example
 * res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
 * try {
 *   for await (const frame of toSSE(streamify(qa)({ question }))) res.write(frame);
 * } finally {
 *   res.end();
 * }
 */
export async function* toSSE(
  events: AsyncIterable<StreamEvent>,
  options: SseOptions = {},
): AsyncGenerator<string, void, undefined> {
  try {
    for await (const event of events) yield sseFrame(event, options);
  } catch (err) {
    const code = DspyError.is(err) ? err.code : undefined;
    const message = options.exposeErrors ? String((err as Error)?.message ?? err) : 'The stream failed.';
    const frame: SseErrorEvent = code ? { type: 'error', code, message } : { type: 'error', message };
    yield sseFrame(frame, options);
    throw err;
  }
}
