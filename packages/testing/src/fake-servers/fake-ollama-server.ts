import type { ServerResponse } from 'node:http';
import { ChatScript, estimateTokens, type FakeChatReply, requestText, splitChunks } from './chat-script';
import { fakeEmbedding, type RecordedRequest, RecordingServer, type RecordingServerOptions } from './recording-server';

export interface FakeOllamaServerOptions extends RecordingServerOptions {
  /** Models the server "has"; others get Ollama's 404 `model "x" not found, try pulling it first`. Default: any. */
  models?: readonly string[];
  /** Characters per NDJSON chunk when streaming (default 8). */
  chunkSize?: number;
  /** Delay between streamed chunks, in ms (default 0). */
  chunkDelayMs?: number;
  /** Length of fake embedding vectors (default 8). */
  embeddingDimensions?: number;
}

/**
 * A fake Ollama server speaking the native API: `POST /api/chat` (JSON or NDJSON streaming),
 * `POST /api/embed`, `GET /api/tags`, `GET /api/version`. Records every request.
 *
 * @example
 * const ollama = await new FakeOllamaServer({ models: ['llama3.2'] }).start();
 * ollama.script.enqueue({ content: 'Paris', promptTokens: 12, completionTokens: 2 });
 * const lm = new OllamaLM({ model: 'llama3.2', host: ollama.url });
 * await lm.call([{ role: 'user', content: 'Capital of France?' }]);
 * expect(ollama.lastRequest.body.stream).toBe(false);
 */
export class FakeOllamaServer extends RecordingServer {
  readonly script = new ChatScript();
  models?: readonly string[];
  chunkSize: number;
  chunkDelayMs: number;
  private readonly dimensions: number;

  constructor(options: FakeOllamaServerOptions = {}) {
    super(options);
    this.models = options.models;
    this.chunkSize = options.chunkSize ?? 8;
    this.chunkDelayMs = options.chunkDelayMs ?? 0;
    this.dimensions = options.embeddingDimensions ?? 8;
  }

  protected async handle(request: RecordedRequest, res: ServerResponse): Promise<void> {
    const { method, path, body } = request;
    if (method === 'GET' && path === '/api/version') return this.sendJson(res, 200, { version: '0.12.0-fake' });
    if (method === 'GET' && path === '/api/tags') {
      return this.sendJson(res, 200, {
        models: (this.models ?? []).map((name) => ({ name, model: name, size: 0, digest: 'fake' })),
      });
    }
    if (method !== 'POST' || (path !== '/api/chat' && path !== '/api/embed')) {
      return this.sendJson(res, 404, { error: `404 page not found: ${method} ${path}` });
    }
    const model = String(body?.model ?? '');
    if (this.models && !this.models.includes(model) && !this.models.includes(`${model}:latest`)) {
      return this.sendJson(res, 404, { error: `model "${model}" not found, try pulling it first` });
    }
    if (path === '/api/embed') {
      const input: string[] = Array.isArray(body.input) ? body.input : [String(body.input ?? '')];
      return this.sendJson(res, 200, {
        model,
        embeddings: input.map((t) => fakeEmbedding(t, this.dimensions)),
        total_duration: 1000,
        load_duration: 100,
        prompt_eval_count: input.reduce((n, t) => n + estimateTokens(t), 0),
      });
    }
    const reply = await this.script.next(request);
    if (body.stream === true) return this.streamChat(res, model, request, reply);
    this.sendJson(res, 200, {
      ...this.finalFields(model, request, reply),
      message: this.message(reply, reply.content ?? '', reply.thinking),
    });
  }

  private async streamChat(
    res: ServerResponse,
    model: string,
    request: RecordedRequest,
    reply: FakeChatReply,
  ): Promise<void> {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const createdAt = new Date().toISOString();
    const thinking = splitChunks(reply.thinking ?? '', this.chunkSize);
    const content = splitChunks(reply.content ?? '', this.chunkSize);
    for (const piece of thinking) {
      res.write(
        JSON.stringify({
          model,
          created_at: createdAt,
          message: { role: 'assistant', content: '', thinking: piece },
          done: false,
        }) + '\n',
      );
      await this.delay(this.chunkDelayMs);
    }
    for (const piece of content) {
      res.write(
        JSON.stringify({ model, created_at: createdAt, message: { role: 'assistant', content: piece }, done: false }) +
          '\n',
      );
      await this.delay(this.chunkDelayMs);
    }
    if (reply.toolCalls?.length) {
      res.write(JSON.stringify({ model, created_at: createdAt, message: this.message(reply, ''), done: false }) + '\n');
    }
    res.end(
      JSON.stringify({ ...this.finalFields(model, request, reply), message: { role: 'assistant', content: '' } }) +
        '\n',
    );
  }

  private message(reply: FakeChatReply, content: string, thinking?: string): Record<string, unknown> {
    const message: Record<string, unknown> = { role: 'assistant', content };
    if (thinking) message.thinking = thinking;
    if (reply.toolCalls?.length) {
      message.tool_calls = reply.toolCalls.map((c, index) => ({
        function: { index, name: c.name, arguments: c.args },
      }));
    }
    return message;
  }

  private finalFields(model: string, request: RecordedRequest, reply: FakeChatReply): Record<string, unknown> {
    return {
      model,
      created_at: new Date().toISOString(),
      done: true,
      done_reason: reply.finishReason === 'length' ? 'length' : 'stop',
      total_duration: 1_000_000,
      load_duration: 100_000,
      prompt_eval_count: reply.promptTokens ?? estimateTokens(requestText(request.body)),
      prompt_eval_duration: 200_000,
      eval_count: reply.completionTokens ?? estimateTokens(reply.content ?? ''),
      eval_duration: 700_000,
    };
  }
}
