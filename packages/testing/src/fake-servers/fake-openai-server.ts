import type { ServerResponse } from 'node:http';
import { ChatScript, estimateTokens, type FakeChatReply, requestText, splitChunks } from './chat-script';
import { fakeEmbedding, type RecordedRequest, RecordingServer, type RecordingServerOptions } from './recording-server';

export interface FakeOpenAIServerOptions extends RecordingServerOptions {
  /** Path prefix of the API (default `/v1`, like OpenAI, vLLM, LM Studio and Ollama's shim). */
  basePath?: string;
  /** When set, requests without `Authorization: Bearer <apiKey>` get OpenAI's 401. */
  apiKey?: string;
  /** Models the server serves; others get OpenAI's 404 `model_not_found`. Default: any. */
  models?: readonly string[];
  /** Characters per SSE delta when streaming (default 8). */
  chunkSize?: number;
  /** Delay between SSE events, in ms (default 0). */
  chunkDelayMs?: number;
  /** Length of fake embedding vectors (default 8). */
  embeddingDimensions?: number;
}

/**
 * A fake OpenAI-compatible server: `POST {basePath}/chat/completions` (JSON or SSE with
 * `stream_options.include_usage`), `POST {basePath}/embeddings`, `GET {basePath}/models`.
 * With `n > 1` each choice takes the next scripted reply.
 *
 * @example
 * const api = await new FakeOpenAIServer({ apiKey: 'sk-test' }).start();
 * api.script.enqueue({ content: '{"answer":"Paris"}' });
 * const lm = new OpenAICompatibleLM({ model: 'gpt-4o-mini', baseURL: `${api.url}/v1`, apiKey: 'sk-test' });
 */
export class FakeOpenAIServer extends RecordingServer {
  readonly script = new ChatScript();
  readonly basePath: string;
  apiKey?: string;
  models?: readonly string[];
  chunkSize: number;
  chunkDelayMs: number;
  private readonly dimensions: number;
  private counter = 0;

  constructor(options: FakeOpenAIServerOptions = {}) {
    super(options);
    this.basePath = (options.basePath ?? '/v1').replace(/\/+$/, '');
    this.apiKey = options.apiKey;
    this.models = options.models;
    this.chunkSize = options.chunkSize ?? 8;
    this.chunkDelayMs = options.chunkDelayMs ?? 0;
    this.dimensions = options.embeddingDimensions ?? 8;
  }

  /** `url + basePath`, what a client takes as `baseURL`. */
  get baseURL(): string {
    return `${this.url}${this.basePath}`;
  }

  protected async handle(request: RecordedRequest, res: ServerResponse): Promise<void> {
    const { method, path, body } = request;
    if (this.apiKey !== undefined && request.headers.authorization !== `Bearer ${this.apiKey}`) {
      return this.sendJson(res, 401, {
        error: {
          message: 'Incorrect API key provided.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
    }
    if (method === 'GET' && path === `${this.basePath}/models`) {
      return this.sendJson(res, 200, {
        object: 'list',
        data: (this.models ?? []).map((id) => ({ id, object: 'model', owned_by: 'fake' })),
      });
    }
    const route = method === 'POST' ? path.slice(this.basePath.length) : '';
    if (!path.startsWith(this.basePath) || (route !== '/chat/completions' && route !== '/embeddings')) {
      return this.sendJson(res, 404, {
        error: { message: `Unknown route ${method} ${path}`, type: 'invalid_request_error', code: 'unknown_url' },
      });
    }
    const model = String(body?.model ?? '');
    if (this.models && !this.models.includes(model)) {
      return this.sendJson(res, 404, {
        error: {
          message: `The model \`${model}\` does not exist or you do not have access to it.`,
          type: 'invalid_request_error',
          param: null,
          code: 'model_not_found',
        },
      });
    }
    if (route === '/embeddings') {
      const input: string[] = Array.isArray(body.input) ? body.input : [String(body.input ?? '')];
      const dims = typeof body.dimensions === 'number' ? body.dimensions : this.dimensions;
      const tokens = input.reduce((n, t) => n + estimateTokens(t), 0);
      return this.sendJson(res, 200, {
        object: 'list',
        model,
        data: input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t, dims) })),
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    }
    const n = typeof body.n === 'number' && body.n > 1 ? body.n : 1;
    const replies: FakeChatReply[] = [];
    for (let i = 0; i < n; i++) replies.push(await this.script.next(request));
    const id = `chatcmpl-fake-${++this.counter}`;
    const promptTokens = replies[0]?.promptTokens ?? estimateTokens(requestText(body));
    const completionTokens = replies.reduce((s, r) => s + (r.completionTokens ?? estimateTokens(r.content ?? '')), 0);
    const usage = {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    };
    if (body.stream === true)
      return this.streamChat(
        res,
        id,
        model,
        replies[0]!,
        body.stream_options?.include_usage === true ? usage : undefined,
      );
    this.sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: replies.map((r, index) => ({
        index,
        message: this.message(r),
        logprobs: null,
        finish_reason: finishReason(r),
      })),
      usage,
    });
  }

  private message(reply: FakeChatReply): Record<string, unknown> {
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: reply.toolCalls?.length && !reply.content ? null : (reply.content ?? ''),
    };
    if (reply.thinking) message.reasoning_content = reply.thinking;
    if (reply.toolCalls?.length) {
      message.tool_calls = reply.toolCalls.map((c, i) => ({
        id: c.id ?? `call_${i}`,
        type: 'function',
        function: { name: c.name, arguments: JSON.stringify(c.args) },
      }));
    }
    return message;
  }

  private async streamChat(
    res: ServerResponse,
    id: string,
    model: string,
    reply: FakeChatReply,
    usage?: Record<string, number>,
  ): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const created = Math.floor(Date.now() / 1000);
    const send = async (choices: unknown[], extra: Record<string, unknown> = {}): Promise<void> => {
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`,
      );
      await this.delay(this.chunkDelayMs);
    };
    await send([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    for (const piece of splitChunks(reply.thinking ?? '', this.chunkSize)) {
      await send([{ index: 0, delta: { reasoning_content: piece }, finish_reason: null }]);
    }
    for (const piece of splitChunks(reply.content ?? '', this.chunkSize)) {
      await send([{ index: 0, delta: { content: piece }, finish_reason: null }]);
    }
    for (const [i, call] of (reply.toolCalls ?? []).entries()) {
      await send([
        {
          index: 0,
          delta: {
            tool_calls: [
              { index: i, id: call.id ?? `call_${i}`, type: 'function', function: { name: call.name, arguments: '' } },
            ],
          },
          finish_reason: null,
        },
      ]);
      for (const piece of splitChunks(JSON.stringify(call.args), this.chunkSize)) {
        await send([
          { index: 0, delta: { tool_calls: [{ index: i, function: { arguments: piece } }] }, finish_reason: null },
        ]);
      }
    }
    await send([{ index: 0, delta: {}, finish_reason: finishReason(reply) }]);
    if (usage) await send([], { usage });
    res.end('data: [DONE]\n\n');
  }
}

function finishReason(reply: FakeChatReply): string {
  return reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
}
