import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BaseLM,
  type ChatMessage,
  type LmCallOptions,
  type LmCapabilities,
  type LmResponse,
  type LmStreamEvent,
  Predict,
} from '@dspy-ts/core';
import { messageText } from '@dspy-ts/core/provider-kit';
import { FakeOllamaServer } from '@dspy-ts/testing';
import {
  collect,
  fieldTexts,
  type StreamEvent,
  streamify,
  toSSE,
  tokenText,
} from '../../test/helpers/streaming-fixtures';

/** A minimal client of Ollama's /api/chat (NDJSON when streaming): the wire without the ollama package. */
class NdjsonChatLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: true,
    images: false,
  };
  readonly streamErrors: unknown[] = [];

  constructor(private readonly url: string) {
    super('llama3.2', { retry: false });
  }

  private request(messages: readonly ChatMessage[], stream: boolean, signal?: AbortSignal): Promise<Response> {
    const body = JSON.stringify({
      model: 'llama3.2',
      stream,
      messages: messages.map((m) => ({ role: m.role, content: messageText(m) })),
    });
    return fetch(`${this.url}/api/chat`, { method: 'POST', body, signal });
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    const body = (await (await this.request(messages, false, options.signal)).json()) as {
      message: { content: string };
    };
    return {
      model: this.model,
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      outputs: [{ text: body.message.content }],
    };
  }

  protected override async *forwardStream(
    messages: readonly ChatMessage[],
    options: LmCallOptions,
  ): AsyncIterable<LmStreamEvent> {
    try {
      const res = await this.request(messages, true, options.signal);
      const decoder = new TextDecoder();
      let buffer = '';
      let text = '';
      for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(bytes, { stream: true });
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = JSON.parse(buffer.slice(0, nl)) as {
            done: boolean;
            message: { content: string };
            eval_count?: number;
          };
          buffer = buffer.slice(nl + 1);
          if (line.message.content) {
            text += line.message.content;
            yield { type: 'delta', text: line.message.content };
          }
          if (line.done)
            yield {
              type: 'done',
              response: {
                model: this.model,
                usage: { promptTokens: 1, completionTokens: line.eval_count ?? 0, totalTokens: 1 },
                outputs: [{ text }],
              },
            };
        }
      }
    } catch (err) {
      this.streamErrors.push(err);
      throw err;
    }
  }
}

const reply = (id: string) => `[[ ## answer ## ]]\nThe answer to ${id}: "é 😀" and more text.\n\n[[ ## completed ## ]]`;

describe('streamify over a fake Ollama server (NDJSON)', () => {
  let ollama: FakeOllamaServer;
  beforeEach(async () => {
    ollama = await new FakeOllamaServer({ chunkSize: 3 }).start();
    ollama.script.respondWith((req) => ({
      content: reply(/question ## \]\]\n(\S+)/.exec(req.body.messages.at(-1).content)![1]!),
    }));
  });
  afterEach(() => ollama.close());

  it('streams the NDJSON chunks into field events; the prediction is the normal parse', async () => {
    const predict = new Predict('question -> answer');
    predict.lm = new NdjsonChatLM(ollama.url);
    const events = await collect(streamify(predict)({ question: 'q1' }));
    expect(ollama.lastRequest.body.stream).toBe(true);
    expect(tokenText(events)).toBe(reply('q1'));
    expect(events.filter((e) => e.type === 'token').length).toBeGreaterThan(20);
    expect(fieldTexts(events)).toEqual({ 'self#1/answer': 'The answer to q1: "é 😀" and more text.' });
    const last = events.at(-1)!;
    expect(last.type === 'prediction' && (last.prediction as { answer: string }).answer).toBe(
      'The answer to q1: "é 😀" and more text.',
    );
  });

  it('keeps 10 concurrent HTTP streams apart', async () => {
    ollama.chunkDelayMs = 1;
    const predict = new Predict('question -> answer');
    predict.lm = new NdjsonChatLM(ollama.url);
    const stream = streamify(predict);
    const runs = await Promise.all(Array.from({ length: 10 }, (_, i) => collect(stream({ question: `q${i}` }))));
    runs.forEach((events, i) =>
      expect(fieldTexts(events)).toEqual({ 'self#1/answer': `The answer to q${i}: "é 😀" and more text.` }),
    );
  });

  it('aborts the HTTP request when the consumer stops reading', async () => {
    ollama.chunkDelayMs = 20;
    const lm = new NdjsonChatLM(ollama.url);
    const predict = new Predict('question -> answer');
    predict.lm = lm;
    for await (const event of streamify(predict)({ question: 'q1' })) if (event.type === 'field-chunk') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lm.streamErrors).toHaveLength(1);
    expect((lm.streamErrors[0] as Error).name).toBe('AbortError');
  });

  it('serves the stream as text/event-stream frames that parse back into the events', async () => {
    const predict = new Predict('question -> answer');
    predict.lm = new NdjsonChatLM(ollama.url);
    const server: Server = createServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      try {
        for await (const frame of toSSE(streamify(predict, { includeTokens: false })({ question: 'q7' })))
          res.write(frame);
      } finally {
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const frames = (await res.text()).split('\n\n').filter(Boolean);
      const events = frames.map((f) => {
        const [event, data] = f.split('\n');
        const parsed = JSON.parse(data!.slice('data: '.length)) as StreamEvent;
        expect(event).toBe(`event: ${parsed.type}`);
        return parsed;
      });
      expect(fieldTexts(events)).toEqual({ 'self#1/answer': 'The answer to q7: "é 😀" and more text.' });
      expect(events.at(-1)).toEqual({
        type: 'prediction',
        prediction: { answer: 'The answer to q7: "é 😀" and more text.' },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
