import {
  BaseLM,
  type BaseLMOptions,
  type ChatMessage,
  type LmCallOptions,
  type LmCapabilities,
  LmError,
  type LmOutput,
  type LmResponse,
  type LmStreamEvent,
} from '@dspy-ts/core';
import { connectionErrorCode } from '@dspy-ts/core/provider-kit';
import { type HttpClientOptions, OpenAIHttpClient } from './http-client';
import { buildChatBody } from './openai-request';
import { buildOutput, toOutput, toUsage, type WireChoice, type WireUsage } from './openai-response';
import { readSse } from './sse';

export interface OpenAICompatibleLMOptions extends Omit<BaseLMOptions, 'provider' | 'cache'>, HttpClientOptions {
  /** Model id as the server knows it, e.g. `gpt-4o-mini`, `Qwen/Qwen2.5-7B-Instruct`, `llama3.2`. */
  model: string;
  temperature?: number;
  maxTokens?: number;
  /** Deadline of each call in ms (default 600,000); per call with `timeoutMs`. */
  timeoutMs?: number;
  /** Response cache (default `true`: the process-wide memory + disk cache). */
  cache?: BaseLMOptions['cache'];
  /** Calls in flight at once (default: no limit, as DSPy; see BaseLMOptions.maxConcurrency). */
  maxConcurrency?: number;
  /** What the server supports (default: everything; turn off what yours lacks, e.g. `{ jsonSchema: false }`). */
  capabilities?: Partial<LmCapabilities>;
  /** Prefix of `model` in history and usage keys (default `openai`). */
  providerPrefix?: string;
}

/**
 * Any server speaking OpenAI's chat-completions API: OpenAI, vLLM, LM Studio, llama.cpp server,
 * Ollama's `/v1`. `baseURL` works as in the OpenAI SDK (it includes `/v1`; `/chat/completions`
 * is appended). JSON-schema output via `response_format`, native tools, images, SSE streaming.
 * The API key is never logged, cached or saved.
 *
 * @example
 * const lm = new OpenAICompatibleLM({ model: 'gpt-4o-mini' });                  // OPENAI_API_KEY
 * const local = new OpenAICompatibleLM({ model: 'Qwen/Qwen2.5-7B-Instruct', baseURL: 'http://localhost:8000/v1' });
 */
export class OpenAICompatibleLM extends BaseLM {
  readonly capabilities: LmCapabilities;
  /** Model id sent to the server. */
  readonly name: string;
  private readonly client: OpenAIHttpClient;

  constructor(options: OpenAICompatibleLMOptions) {
    const defaults: LmCallOptions = { timeoutMs: options.timeoutMs ?? 600_000, ...options.defaults };
    if (options.temperature !== undefined) defaults.temperature = options.temperature;
    if (options.maxTokens !== undefined) defaults.maxTokens = options.maxTokens;
    super(`${options.providerPrefix ?? 'openai'}/${options.model}`, {
      defaults,
      maxHistory: options.maxHistory,
      maxHistoryBytes: options.maxHistoryBytes,
      retry: options.retry === false ? false : { attemptTimeoutMs: 120_000, ...options.retry },
      cache: options.cache ?? true,
      maxConcurrency: options.maxConcurrency,
      provider: 'OpenAI-compatible server',
    });
    this.name = options.model;
    this.client = new OpenAIHttpClient(options, 'OpenAICompatibleLM');
    this.capabilities = {
      jsonSchema: true,
      jsonObject: true,
      nativeTools: true,
      streaming: true,
      images: true,
      ...options.capabilities,
    };
  }

  /** The server's base URL (credentials and query removed). */
  get baseURL(): string {
    return this.client.where;
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    const n = Math.max(1, options.n ?? 1);
    const first = await this.complete(messages, options, n);
    if (first.outputs.length >= n) return { model: this.model, outputs: first.outputs.slice(0, n), usage: first.usage };
    // Servers without native `n` (e.g. Ollama's /v1) answer one choice: ask again for the rest.
    const rest = await Promise.all(
      Array.from({ length: n - first.outputs.length }, () => this.complete(messages, options, 1)),
    );
    const outputs = [...first.outputs, ...rest.flatMap((r) => r.outputs)];
    const usage = [first, ...rest].reduce(
      (u, r) => ({
        promptTokens: u.promptTokens + r.usage.promptTokens,
        completionTokens: u.completionTokens + r.usage.completionTokens,
        totalTokens: u.totalTokens + r.usage.totalTokens,
      }),
      { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    );
    return { model: this.model, outputs: outputs.slice(0, n), usage };
  }

  protected override async *forwardStream(
    messages: readonly ChatMessage[],
    options: LmCallOptions,
  ): AsyncIterable<LmStreamEvent> {
    const body = {
      ...buildChatBody(this.name, messages, options, 1),
      stream: true,
      stream_options: { include_usage: true },
    };
    const res = await this.client.post('/chat/completions', body, this.name, options.signal, 'text/event-stream');
    if (!res.body)
      throw new LmError(
        'LM_SERVER',
        `The server at ${this.client.where} sent an empty stream for "${this.name}". Retry; if it persists, check the server's logs.`,
        { provider: 'OpenAI-compatible' },
      );
    let text = '';
    let reasoning = '';
    let finish: string | undefined;
    let usage: WireUsage | undefined;
    const calls: { id?: string; function: { name: string; arguments: string } }[] = [];
    for await (const data of this.sseEvents(res.body, options.signal)) {
      const chunk = this.parseChunk(data);
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
      if (!choice) continue;
      const d = choice.delta ?? {};
      if (choice.finish_reason) finish = choice.finish_reason;
      if (d.reasoning_content || d.reasoning) reasoning += d.reasoning_content ?? d.reasoning ?? '';
      for (const tc of d.tool_calls ?? []) {
        const slot = (calls[tc.index ?? 0] ??= { function: { name: '', arguments: '' } });
        if (tc.id) slot.id = tc.id;
        if (tc.function?.name) slot.function.name += tc.function.name;
        if (tc.function?.arguments) slot.function.arguments += tc.function.arguments;
      }
      if (d.content) {
        text += d.content;
        yield { type: 'delta', text: d.content };
      }
    }
    const output: LmOutput = buildOutput(text, reasoning || undefined, calls.filter(Boolean), finish);
    yield { type: 'done', response: { model: this.model, outputs: [output], usage: toUsage(usage) } };
  }

  private async complete(messages: readonly ChatMessage[], options: LmCallOptions, n: number): Promise<LmResponse> {
    const res = await this.client.post(
      '/chat/completions',
      buildChatBody(this.name, messages, options, n),
      this.name,
      options.signal,
    );
    let body: { choices?: WireChoice[]; usage?: WireUsage };
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw this.client.connectionError(err, connectionErrorCode(err) ?? 'ECONNRESET', 'reply');
    }
    try {
      body = JSON.parse(text) as typeof body;
    } catch (err) {
      throw new LmError(
        'LM_SERVER',
        `The server at ${this.client.where} sent a reply for "${this.name}" that is not JSON. Check that \`baseURL\` points at an OpenAI-compatible API.`,
        { cause: err, provider: 'OpenAI-compatible' },
      );
    }
    const choices = [...(body.choices ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    if (choices.length === 0)
      throw new LmError(
        'LM_SERVER',
        `The server at ${this.client.where} returned no choices for "${this.name}". Retry; if it persists, check the server's logs.`,
        { provider: 'OpenAI-compatible' },
      );
    return { model: this.model, outputs: choices.map(toOutput), usage: toUsage(body.usage) };
  }

  /** The stream's events; a connection reset mid-stream is named as such (and retried when nothing was yielded). */
  private async *sseEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal | undefined): AsyncIterable<string> {
    try {
      yield* readSse(body);
    } catch (err) {
      const code = connectionErrorCode(err);
      if (!code || signal?.aborted) throw err;
      throw this.client.connectionError(err, code, 'reply');
    }
  }

  private parseChunk(data: string): StreamChunk {
    let chunk: StreamChunk & { error?: { message?: string } | string };
    try {
      chunk = JSON.parse(data) as typeof chunk;
    } catch (err) {
      throw new LmError(
        'LM_SERVER',
        `The server at ${this.client.where} sent a stream event that is not JSON for "${this.name}". Retry; if it persists, check the server's logs.`,
        { cause: err, provider: 'OpenAI-compatible' },
      );
    }
    if (chunk.error) {
      const message = this.client.redact(
        typeof chunk.error === 'string' ? chunk.error : (chunk.error.message ?? 'unknown error'),
      );
      throw new LmError(
        'LM_ERROR',
        `The server at ${this.client.where} reported an error mid-stream for "${this.name}": ${message}.`,
        { provider: 'OpenAI-compatible' },
      );
    }
    return chunk;
  }
}

interface StreamChunk {
  choices?: {
    index?: number;
    delta?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
    finish_reason?: string | null;
  }[];
  usage?: WireUsage;
}
