import { basename, resolve } from 'node:path';
import {
  BaseLM,
  type BaseLMOptions,
  type ChatMessage,
  type LmCallOptions,
  type LmCapabilities,
  type LmOutput,
  type LmResponse,
  type LmStreamEvent,
} from '@dspy-ts/core';
import type { LlamaOptions } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { toChatHistory } from './chat-history';
import { grammarFor } from './json-schema-grammar';
import {
  type EngineConfig,
  type GenerateRequest,
  type GenerateResult,
  type GenerationStats,
  LlamaEngine,
} from './llama-engine';
import { defaultModelPath } from './model-path';
import { TextChannel } from './text-channel';

/**
 * Settings of `LlamaCppLM`; `defaults`, `maxHistory`, `retry` and `maxConcurrency` are `BaseLM`'s.
 *
 * @example
 * new LlamaCppLM({ modelPath: '/models/qwen2.5-1.5b-instruct-q4_k_m.gguf', contextSize: 8192, temperature: 0 });
 */
export interface LlamaCppLMOptions extends Omit<BaseLMOptions, 'provider'> {
  /** Path of a GGUF file. Default: `$DSPY_TS_MODEL`, else the model `scripts/fetch-model` installs (see `defaultModelPath`). */
  modelPath?: string;
  /** Context window in tokens (default: the model's training context, at most 4096). */
  contextSize?: number;
  /** Evaluation threads (default: `$DSPY_TS_LLAMA_THREADS`, else CPU math cores − 1, at least 1). */
  threads?: number;
  /** node-llama-cpp's `gpu` (default `'auto'`; `false` forces the CPU). */
  gpu?: LlamaOptions['gpu'];
  /** Sampling temperature of every call (default: greedy, node-llama-cpp's 0). */
  temperature?: number;
  /** Most tokens per reply (default 256: enough for reasoning plus an answer; small models can otherwise loop until the context is full). */
  maxTokens?: number;
  /** Which chat template renders prompts: `'gguf'` (default, the model's own Jinja template) or `'auto'` (node-llama-cpp's detected wrapper). */
  chatTemplate?: 'gguf' | 'auto';
  /** Keep the evaluated prompt between calls so a shared prefix is not evaluated again (default true; per call `extra: { prefixReuse }`). */
  prefixReuse?: boolean;
  /** Response cache (default `true`: the process-wide memory + disk cache). */
  cache?: BaseLMOptions['cache'];
}

/** ChatAdapter's closing marker: the default stop sequence (pass `defaults: { stop: [] }` to turn it off). */
export const CHAT_ADAPTER_END_MARKER = '[[ ## completed ## ]]';

const CAPABILITIES: LmCapabilities = {
  jsonSchema: true,
  jsonObject: true,
  nativeTools: false,
  streaming: true,
  images: false,
};

/**
 * An embedded language model: a GGUF file run in-process by llama.cpp (node-llama-cpp), no server.
 *
 * - Prompts use the model's own chat template (the Jinja template in the GGUF; node-llama-cpp's
 *   detected wrapper for files without one).
 * - `responseFormat: json_schema` becomes a grammar, so replies always parse; `json_object` → any JSON.
 * - The model is loaded once per process and path, lazily on the first call; calls queue on one
 *   context sequence, so concurrent calls are safe.
 * - The sequence keeps the last prompt: a call sharing its beginning (system message + demos)
 *   only evaluates what differs (`lastStats.reusedPromptTokens`).
 * - `n > 1` samples n times (seed + i when a seed is set); usage is counted with the tokenizer.
 * - Sampling: `temperature` (default 0, greedy), `topP`, `seed`, `stop`, `maxTokens`; `extra.topK`, `extra.minP`.
 *
 * Caching, timeouts (`timeoutMs`), cancellation (`signal`), history and usage come from `BaseLM`.
 *
 * @example
 * const lm = new LlamaCppLM(); // $DSPY_TS_MODEL or the model from scripts/fetch-model
 * configure({ lm });
 * const res = await lm.call([{ role: 'user', content: 'Name a color.' }], { maxTokens: 16 });
 * console.log(res.outputs[0].text, lm.lastStats?.timeToFirstTokenMs);
 */
export class LlamaCppLM extends BaseLM {
  readonly capabilities = CAPABILITIES;
  /** Absolute path of the GGUF file. */
  readonly modelPath: string;
  private readonly engineConfig: EngineConfig;
  private readonly prefixReuse: boolean;
  private stats?: GenerationStats;

  constructor(options: LlamaCppLMOptions = {}) {
    const modelPath = resolve(options.modelPath ?? defaultModelPath());
    // Small local models keep writing after ChatAdapter's end marker until maxTokens (seconds per
    // call on a CPU); stopping there changes no prompt and nothing the parser reads.
    const defaults: LmCallOptions = {
      maxTokens: options.maxTokens ?? 256,
      stop: [CHAT_ADAPTER_END_MARKER],
      ...options.defaults,
    };
    if (options.temperature !== undefined) defaults.temperature = options.temperature;
    super(`llama-cpp/${basename(modelPath).replace(/\.gguf$/i, '')}`, {
      ...options,
      defaults,
      cache: options.cache ?? true,
      // Local inference has no rate limits or flaky connections to retry.
      retry: options.retry ?? false,
      provider: 'llama.cpp',
    });
    this.modelPath = modelPath;
    this.engineConfig = {
      modelPath,
      contextSize: options.contextSize,
      threads: options.threads,
      gpu: options.gpu,
      chatTemplate: options.chatTemplate,
    };
    this.prefixReuse = options.prefixReuse ?? true;
  }

  /** The engine (model, context, queue) this LM runs on, shared by LMs with the same settings; loaded on first use. */
  getEngine(): Promise<LlamaEngine> {
    return LlamaEngine.get(this.engineConfig);
  }

  /** Token counts and timings of this LM's last generation (not set by cache hits). */
  get lastStats(): GenerationStats | undefined {
    return this.stats;
  }

  /**
   * Loads the model and allocates its context now instead of on the first call.
   *
   * @example
   * await new LlamaCppLM().load();
   */
  async load(): Promise<this> {
    await this.getEngine();
    return this;
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    const engine = await this.getEngine();
    const request = await this.request(engine, messages, options);
    const n = Math.max(1, options.n ?? 1);
    const results: GenerateResult[] = [];
    for (let i = 0; i < n; i++) {
      results.push(
        await engine.generate(i > 0 && request.seed !== undefined ? { ...request, seed: request.seed + i } : request),
      );
    }
    return this.response(results);
  }

  protected override async *forwardStream(
    messages: readonly ChatMessage[],
    options: LmCallOptions,
  ): AsyncIterable<LmStreamEvent> {
    const engine = await this.getEngine();
    const request = await this.request(engine, messages, options);
    const channel = new TextChannel();
    let result: GenerateResult | undefined;
    let error: unknown;
    // Never rejects, so it can be left running when the consumer stops early (BaseLM then aborts the signal).
    const finished = engine.generate({ ...request, onText: (t) => channel.push(t) }).then(
      (r) => void (result = r),
      (err: unknown) => void (error = err),
    );
    void finished.finally(() => channel.close());
    for await (const text of channel) yield { type: 'delta', text };
    await finished;
    if (error !== undefined) throw error;
    yield { type: 'done', response: this.response([result!]) };
  }

  private async request(
    engine: LlamaEngine,
    messages: readonly ChatMessage[],
    options: LmCallOptions,
  ): Promise<GenerateRequest> {
    const extra = options.extra ?? {};
    return {
      history: toChatHistory(messages),
      grammar: await grammarFor(engine.llama, options.responseFormat),
      temperature: options.temperature,
      maxTokens: options.maxTokens,
      seed: options.seed,
      topP: options.topP,
      topK: typeof extra.topK === 'number' ? extra.topK : undefined,
      minP: typeof extra.minP === 'number' ? extra.minP : undefined,
      stop: options.stop,
      signal: options.signal,
      prefixReuse: typeof extra.prefixReuse === 'boolean' ? extra.prefixReuse : this.prefixReuse,
    };
  }

  private response(results: GenerateResult[]): LmResponse {
    this.stats = results.at(-1)!.stats;
    let promptTokens = 0;
    let completionTokens = 0;
    const outputs = results.map((r): LmOutput => {
      promptTokens += r.stats.promptTokens;
      completionTokens += r.stats.completionTokens;
      return r.reasoning
        ? { text: r.text, reasoning: r.reasoning, finishReason: r.finishReason }
        : { text: r.text, finishReason: r.finishReason };
    });
    return {
      model: this.model,
      outputs,
      usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
    };
  }
}
