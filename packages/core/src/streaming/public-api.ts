// Streaming: what @dspy-ts/core exports (`export * from './streaming/public-api'`).
export { streamify } from './streamify';
export type { StreamingProgram } from './streamify';
export type { StreamifyOptions, StreamStatusMessages } from './stream-options';
export type {
  StreamEvent,
  TokenEvent,
  FieldStartEvent,
  FieldChunkEvent,
  FieldEndEvent,
  StatusEvent,
  PredictionEvent,
  PredictorRef,
  FieldEvent,
  FieldStreamParser,
} from './stream-events';
export { ChatFieldParser } from './chat-field-parser';
export { JsonFieldParser } from './json-field-parser';
export { toSSE, sseFrame } from './sse';
export type { SseOptions } from './sse';
export { emitStatus } from '../context/stream-context';
