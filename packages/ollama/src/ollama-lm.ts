import {
  BaseLM,
  type BaseLMOptions,
  type ChatMessage,
  DspyError,
  type LmCallOptions,
  type LmCapabilities,
  LmError,
  type LmOutput,
  type LmResponse,
  type LmStreamEvent,
  type LmUsage,
} from '@dspy-ts/core';
import { connectionErrorCode, isContextWindowMessage, type SecretRedactor } from '@dspy-ts/core/provider-kit';
import { type ChatResponse, Ollama, type ToolCall as OllamaToolCall } from 'ollama/browser';
import { inRequestScope, ollamaConnection } from './ollama-fetch';
import { buildChatRequest, textOnly, toOllamaMessages, toOllamaTextMessages } from './ollama-request';
import { toOutput, toUsage } from './ollama-response';

export interface OllamaLMOptions extends Omit<BaseLMOptions, 'provider' | 'cache'> {
  /** Model name as in `ollama list`, e.g. `llama3.2` or `qwen2.5:7b` (an `ollama/` prefix is accepted). */
  model: string;
  /**
   * Server URL. Default: `$OLLAMA_HOST`, else `http://127.0.0.1:11434`. Credentials in it
   * (`http://user:pw@proxy:11434`) are sent as a Basic `Authorization` header, never shown.
   */
  host?: string;
  /**
   * Extra headers on every request (e.g. for a proxy in front of Ollama). Every value is treated
   * as a secret: it is redacted from errors even when the server echoes it.
   */
  headers?: Record<string, string>;
  temperature?: number;
  /** Ollama `num_predict`. */
  maxTokens?: number;
  /** Ollama `num_ctx`: the context window to load the model with. */
  numCtx?: number;
  /** How long Ollama keeps the model loaded after a call, e.g. `'5m'` or `-1`. */
  keepAlive?: string | number;
  /** Ollama `think`: separate reasoning for thinking models (returned as `reasoning`). */
  think?: boolean | 'low' | 'medium' | 'high';
  /** Deadline of each call in ms (default 600,000); per call with `timeoutMs`. */
  timeoutMs?: number;
  /** Response cache (default `true`: the process-wide memory + disk cache). */
  cache?: BaseLMOptions['cache'];
  /** Calls in flight at once (default: no limit, as DSPy; see BaseLMOptions.maxConcurrency). */
  maxConcurrency?: number;
  /**
   * Download http(s) image URLs here and send them as base64 (Ollama takes no URLs). Off by default:
   * with untrusted input it would let a URL make this server fetch internal addresses.
   */
  fetchImageUrls?: boolean;
  /** The `fetch` under the client (tests, proxies, custom agents). */
  fetch?: typeof fetch;
}

const CAPABILITIES: LmCapabilities = {
  jsonSchema: true,
  jsonObject: true,
  nativeTools: true,
  streaming: true,
  images: true,
};

/**
 * `$OLLAMA_HOST` (with `http://` and port 11434 added when missing), else `http://127.0.0.1:11434`.
 *
 * @example
 * process.env.OLLAMA_HOST = 'gpu-box'; defaultOllamaHost(); // 'http://gpu-box:11434'
 */
export function defaultOllamaHost(): string {
  const env = process.env.OLLAMA_HOST?.trim();
  if (!env) return 'http://127.0.0.1:11434';
  const withScheme = env.includes('://') ? env : `http://${env}`;
  return /:\d+(\/|$)/.test(withScheme.replace(/^[a-z]+:\/\//i, ''))
    ? withScheme
    : `${withScheme.replace(/\/$/, '')}:11434`;
}

/**
 * Ollama on its native `/api/chat` through the official `ollama` client: JSON-schema `format`
 * for constrained decoding, native tool calls, images, thinking, NDJSON streaming; `n > 1`
 * issues n requests (seed + i when a seed is set). Caching, retries, concurrency limit,
 * timeouts and usage come from `BaseLM`.
 *
 * @example
 * const lm = new OllamaLM({ model: 'llama3.2', numCtx: 8192, temperature: 0 });
 * configure({ lm });
 * const res = await lm.call([{ role: 'user', content: 'Say hi' }], { timeoutMs: 30_000 });
 */
export class OllamaLM extends BaseLM {
  readonly capabilities = CAPABILITIES;
  /** Model name as Ollama knows it (no `ollama/` prefix). */
  readonly name: string;
  /** The server this LM talks to (credentials removed). */
  readonly host: string;
  private readonly fetchImageUrls: boolean;
  private readonly client: Ollama;
  private readonly redactor: SecretRedactor;

  constructor(options: OllamaLMOptions) {
    const name = options.model.replace(/^ollama(_chat)?\//, '');
    const extra: Record<string, unknown> = { ...options.defaults?.extra };
    if (options.numCtx !== undefined) extra.num_ctx = options.numCtx;
    if (options.keepAlive !== undefined) extra.keep_alive = options.keepAlive;
    if (options.think !== undefined) extra.think = options.think;
    const defaults: LmCallOptions = { timeoutMs: options.timeoutMs ?? 600_000, ...options.defaults };
    if (options.temperature !== undefined) defaults.temperature = options.temperature;
    if (options.maxTokens !== undefined) defaults.maxTokens = options.maxTokens;
    if (Object.keys(extra).length) defaults.extra = extra;
    super(`ollama/${name}`, {
      ...options,
      retry: options.retry === false ? false : { attemptTimeoutMs: 120_000, ...options.retry },
      defaults,
      cache: options.cache ?? true,
      maxConcurrency: options.maxConcurrency,
      provider: 'Ollama',
    });
    this.name = name;
    const connection = ollamaConnection(options.host ?? defaultOllamaHost(), options.fetch, options.headers);
    this.host = connection.where;
    this.redactor = connection.redactor;
    this.fetchImageUrls = options.fetchImageUrls ?? false;
    this.client = new Ollama({ host: connection.host, fetch: connection.fetch });
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    const ollamaMessages = textOnly(messages)
      ? toOllamaTextMessages(messages)
      : await toOllamaMessages(messages, options.signal, this.fetchImageUrls);
    const n = Math.max(1, options.n ?? 1);
    const one = async (i: number): Promise<{ output: LmOutput; usage: LmUsage }> => {
      const request = buildChatRequest(
        this.name,
        i === 0 ? ollamaMessages : structuredClone(ollamaMessages),
        options,
        i,
      );
      const res = await this.guard(() =>
        inRequestScope({ signal: options.signal, model: this.name }, () =>
          this.client.chat({ ...request, stream: false }),
        ),
      );
      return {
        output: toOutput(res.message?.content ?? '', res.message?.thinking, res.message?.tool_calls, res.done_reason),
        usage: toUsage(res),
      };
    };
    const results = n === 1 ? [await one(0)] : await Promise.all(Array.from({ length: n }, (_v, i) => one(i)));
    let promptTokens = 0;
    let completionTokens = 0;
    for (const r of results) {
      promptTokens += r.usage.promptTokens;
      completionTokens += r.usage.completionTokens;
    }
    return {
      model: this.model,
      outputs: results.map((r) => r.output),
      usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
    };
  }

  protected override async *forwardStream(
    messages: readonly ChatMessage[],
    options: LmCallOptions,
  ): AsyncIterable<LmStreamEvent> {
    const ollamaMessages = textOnly(messages)
      ? toOllamaTextMessages(messages)
      : await toOllamaMessages(messages, options.signal, this.fetchImageUrls);
    const request = buildChatRequest(this.name, ollamaMessages, options);
    const iterator = await this.guard(() =>
      inRequestScope({ signal: options.signal, model: this.name }, () =>
        this.client.chat({ ...request, stream: true }),
      ),
    );
    let text = '';
    let thinking = '';
    const toolCalls: OllamaToolCall[] = [];
    let last: ChatResponse | undefined;
    try {
      for await (const chunk of iterator) {
        const m = chunk.message;
        if (m?.thinking) thinking += m.thinking;
        if (m?.tool_calls?.length) toolCalls.push(...m.tool_calls);
        if (m?.content) {
          text += m.content;
          yield { type: 'delta', text: m.content };
        }
        if (chunk.done) last = chunk;
      }
    } catch (err) {
      throw this.mapError(err);
    }
    const response: LmResponse = {
      model: this.model,
      outputs: [toOutput(text, thinking || undefined, toolCalls, last?.done_reason)],
      usage: last ? toUsage(last) : { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    };
    yield { type: 'done', response };
  }

  /** Models installed on the server (`/api/tags`), e.g. to check `name` before a run. */
  async listModels(options: { signal?: AbortSignal } = {}): Promise<string[]> {
    const res = await this.guard(() =>
      inRequestScope({ signal: options.signal, model: this.name }, () => this.client.list()),
    );
    return res.models.map((m) => m.name);
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.mapError(err);
    }
  }

  /** Client errors that did not pass through our fetch (stream lines, cut connections) → `LmError`. */
  private mapError(err: unknown): unknown {
    if (DspyError.is(err) || (err as Error)?.name === 'AbortError' || (err as Error)?.name === 'TimeoutError')
      return err;
    const message = this.redactor.redact((err as Error)?.message ?? String(err));
    const opts = { cause: this.redactor.redactError(err), provider: 'Ollama' };
    // Failures before a reply are typed by our fetch already; what reaches here broke mid-reply.
    if (connectionErrorCode(err) || /Did not receive done/i.test(message)) {
      return new LmError(
        'LM_CONNECTION',
        `The connection to Ollama at ${this.host} broke during a reply from "${this.name}" (${message}). It is retried automatically; if it persists, check the Ollama server's logs.`,
        opts,
      );
    }
    // A 200 whose body is not JSON (a proxy's error page, a cut or garbled reply): transient, as
    // OpenAICompatibleLM treats it, so it is retried.
    if ((err as Error)?.name === 'SyntaxError' || /JSON/.test(message)) {
      return new LmError(
        'LM_SERVER',
        `Ollama at ${this.host} sent a reply for "${this.name}" that is not valid JSON (${message.slice(0, 200)}). It is retried automatically; if it persists, check that \`host\` points at Ollama and not at a proxy's error page.`,
        opts,
      );
    }
    if (isContextWindowMessage(message)) {
      return new LmError(
        'LM_CONTEXT_WINDOW',
        `Ollama at ${this.host} rejected the prompt for "${this.name}": ${message}. Shorten the inputs or raise \`numCtx\`.`,
        opts,
      );
    }
    return new LmError(
      'LM_ERROR',
      `Ollama at ${this.host} failed for "${this.name}": ${message}. Check the Ollama server's logs.`,
      opts,
    );
  }
}
