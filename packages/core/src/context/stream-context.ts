import { AsyncLocalStorage } from 'node:async_hooks';
import type { StreamStatusMessages } from '../streaming/stream-options';
import type { StreamEvent } from '../streaming/stream-events';

/**
 * Where the events of one `streamify` call go. Each call has its own sink, carried by
 * AsyncLocalStorage through everything the program awaits, so nested programs stream without
 * plumbing and concurrent streams never see each other's events (DSPy's listeners are shared
 * objects; ours are per call).
 */
export interface StreamSink {
  /** Aborted when the consumer stops reading; every LM call under the sink observes it. */
  readonly signal: AbortSignal;
  readonly includeTokens: boolean;
  /** Output fields whose events are wanted; `undefined`: all. */
  readonly fields?: ReadonlySet<string>;
  readonly statusMessages?: StreamStatusMessages;
  emit(event: StreamEvent): void;
  /** The name events of `predictor` carry (`fallback` when it is not in the program's tree) and whether its reply streams. */
  describe(predictor: object, fallback: string): { readonly name: string; readonly streamed: boolean };
  nextCallId(): number;
}

const sinks = new AsyncLocalStorage<StreamSink>();

export function runWithStreamSink<R>(sink: StreamSink, fn: () => R): R {
  return sinks.run(sink, fn);
}

/** The sink of the `streamify` call this code runs under, if any. */
export function currentStreamSink(): StreamSink | undefined {
  return sinks.getStore();
}

/**
 * Sends a `status` event to the stream this code runs under (a no-op outside `streamify`).
 * Call it from a program's `forward` or a tool to report progress. Returns whether a stream got it.
 *
 * @example
 * async forward({ question }) {
 *   emitStatus('Searching the knowledge base...');
 *   const passages = await this.retriever.retrieve(question);
 *   return this.answer.call({ question, context: passages.map((p) => p.text) });
 * }
 */
export function emitStatus(message: string): boolean {
  const sink = sinks.getStore();
  if (!sink) return false;
  sink.emit({ type: 'status', message });
  return true;
}
