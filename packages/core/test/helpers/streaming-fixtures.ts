import {
  BaseLM,
  type ChatMessage,
  type LmCallOptions,
  type LmCapabilities,
  type LmCache,
  type LmResponse,
  type LmStreamEvent,
  SeededRandom,
  type StreamEvent,
} from '@dspy-ts/core';
import { messageText, sleep } from '@dspy-ts/core/provider-kit';

// The specs import the streaming API together with these helpers.
export { emitStatus, streamify, toSSE } from '@dspy-ts/core';
export type { StreamEvent } from '@dspy-ts/core';

/** Every event of a stream, in order. */
export async function collect<O>(stream: AsyncIterable<StreamEvent<O>>): Promise<StreamEvent<O>[]> {
  const events: StreamEvent<O>[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Concatenated `field-chunk` text per `predictor#callId/field`, for fields that started. */
export function fieldTexts(events: readonly StreamEvent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) {
    if (e.type === 'field-start') out[`${e.predictor}#${e.callId}/${e.field}`] = '';
    if (e.type === 'field-chunk') out[`${e.predictor}#${e.callId}/${e.field}`] += e.text;
  }
  return out;
}

export function tokenText(events: readonly StreamEvent[], predictor?: string): string {
  return events
    .map((e) => (e.type === 'token' && (predictor === undefined || e.predictor === predictor) ? e.text : ''))
    .join('');
}

export interface ScriptedStreamLMOptions {
  /** Reply text for the request (the last message's text is the usual key). */
  readonly reply: (lastMessage: string, messages: readonly ChatMessage[]) => string;
  /** Largest delta in characters (sizes are random from 1, seeded). */
  readonly maxChunk?: number;
  /** Largest delay between deltas in ms (random from 0, seeded). */
  readonly maxDelayMs?: number;
  readonly seed?: number;
  readonly cache?: LmCache;
}

/**
 * An LM streaming scripted replies in random-size deltas with random delays, recording what a
 * test needs to see: the signal of each stream, how many deltas went out, how many streams ran at once.
 */
export class ScriptedStreamLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: true,
    images: false,
  };
  readonly signals: AbortSignal[] = [];
  deltasSent = 0;
  streamsFinished = 0;
  active = 0;
  maxActive = 0;
  private readonly rnd: SeededRandom;

  constructor(private readonly script: ScriptedStreamLMOptions) {
    super('scripted', { cache: script.cache ?? false, retry: false });
    this.rnd = new SeededRandom(script.seed ?? 1);
  }

  protected async forward(messages: readonly ChatMessage[]): Promise<LmResponse> {
    const text = this.script.reply(messageText(messages[messages.length - 1]!), messages);
    return {
      model: this.model,
      usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
      outputs: [{ text, finishReason: 'stop' }],
    };
  }

  protected override async *forwardStream(
    messages: readonly ChatMessage[],
    options: LmCallOptions,
  ): AsyncIterable<LmStreamEvent> {
    this.signals.push(options.signal!);
    this.maxActive = Math.max(this.maxActive, ++this.active);
    try {
      const response = await this.forward(messages);
      const text = response.outputs[0]!.text;
      for (let at = 0; at < text.length; ) {
        const size = 1 + this.rnd.randbelow(this.script.maxChunk ?? 4);
        await sleep(this.rnd.randbelow((this.script.maxDelayMs ?? 0) + 1), options.signal);
        yield { type: 'delta', text: text.slice(at, at + size) };
        this.deltasSent++;
        at += size;
      }
      yield { type: 'done', response };
      this.streamsFinished++;
    } finally {
      this.active--;
    }
  }
}
