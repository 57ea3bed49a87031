import { type FinishReason, LmError } from '@dspy-ts/core';
import { Semaphore } from '@dspy-ts/core/provider-kit';
import type {
  ChatHistoryItem,
  Llama,
  LlamaChat,
  LlamaContext,
  LlamaContextSequence,
  LlamaGrammar,
  LlamaModel,
  LlamaOptions,
  Token,
} from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { assertModelFile } from './model-path';
import { defaultThreads, disposeModelsAndRuntimes, loadNodeLlamaCpp, sharedLlama, sharedModel } from './llama-runtime';

/**
 * What identifies an engine: one model file, one context (size, threads, template). LMs with equal configs share it.
 *
 * @example
 * const engine = await LlamaEngine.get({ modelPath: defaultModelPath(), contextSize: 2048 });
 */
export interface EngineConfig {
  readonly modelPath: string;
  readonly gpu?: LlamaOptions['gpu'];
  /** Tokens of the context window (default: the model's training context, at most 4096). */
  readonly contextSize?: number;
  /** Evaluation threads (default `defaultThreads`). */
  readonly threads?: number;
  /**
   * `'gguf'` (default): the Jinja chat template stored in the GGUF, rendered as is; node-llama-cpp's
   * detected wrapper when the file has none. `'auto'`: node-llama-cpp's detected wrapper (better
   * for models with thought segments; its ChatML wrapper adds a BOS token SmolLM2's template lacks).
   */
  readonly chatTemplate?: 'gguf' | 'auto';
}

/** One generation on the engine's context sequence. */
export interface GenerateRequest {
  readonly history: ChatHistoryItem[];
  readonly grammar?: LlamaGrammar;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
  readonly topP?: number;
  readonly topK?: number;
  readonly minP?: number;
  readonly stop?: readonly string[];
  readonly signal?: AbortSignal;
  /** `false` clears the sequence first, so nothing of the previous prompt is reused (for measuring). */
  readonly prefixReuse?: boolean;
  readonly onText?: (text: string) => void;
}

/**
 * Timings and token counts of one generation (`LlamaCppLM.lastStats`).
 *
 * @example
 * await lm.call(messages);
 * const { promptTokens, reusedPromptTokens, timeToFirstTokenMs } = lm.lastStats!;
 */
export interface GenerationStats {
  /** Tokens of the rendered prompt (chat template applied). */
  readonly promptTokens: number;
  /** Of those, tokens already in the context sequence from the previous call, not evaluated again. */
  readonly reusedPromptTokens: number;
  readonly completionTokens: number;
  /** From the start of evaluation (after waiting in the queue) to the first generated token. */
  readonly timeToFirstTokenMs: number;
  /** From the first to the last generated token. */
  readonly generationMs: number;
  readonly totalMs: number;
}

export interface GenerateResult {
  readonly text: string;
  readonly reasoning?: string;
  readonly finishReason: FinishReason;
  readonly stats: GenerationStats;
}

const engines = new Map<string, Promise<LlamaEngine>>();

/**
 * A loaded model with one context sequence, shared by every LM on the same config. Calls are
 * queued (one generation at a time on the sequence); the sequence keeps its tokens between calls,
 * so a prompt that starts like the previous one (system message + demos) only evaluates the rest.
 *
 * @example
 * const engine = await LlamaEngine.get({ modelPath });
 * const { text } = await engine.generate({ history: toChatHistory(messages), maxTokens: 64 });
 */
export class LlamaEngine {
  private readonly queue = new Semaphore(1);
  private last?: GenerationStats;

  private constructor(
    readonly llama: Llama,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly sequence: LlamaContextSequence,
    private readonly chat: LlamaChat,
  ) {}

  /** The shared engine for `config`, created (model loaded, context allocated) on first use. */
  static get(config: EngineConfig): Promise<LlamaEngine> {
    const key = JSON.stringify([
      config.modelPath,
      config.gpu ?? 'auto',
      config.contextSize ?? null,
      config.threads ?? null,
      config.chatTemplate ?? 'gguf',
    ]);
    let engine = engines.get(key);
    if (!engine) {
      engine = LlamaEngine.create(config);
      engine.catch(() => engines.delete(key));
      engines.set(key, engine);
    }
    return engine;
  }

  private static async create(config: EngineConfig): Promise<LlamaEngine> {
    assertModelFile(config.modelPath);
    const [{ LlamaChat, resolveChatWrapper }, llama, model] = await Promise.all([
      loadNodeLlamaCpp(),
      sharedLlama(config),
      sharedModel(config.modelPath, config),
    ]);
    const hasTemplate = typeof model.fileInfo.metadata.tokenizer?.chat_template === 'string';
    let chatWrapper = resolveChatWrapper(model);
    if ((config.chatTemplate ?? 'gguf') === 'gguf' && hasTemplate) {
      try {
        chatWrapper = resolveChatWrapper(model, { type: 'jinjaTemplate' });
      } catch {
        // a template node-llama-cpp's Jinja engine cannot render: keep the detected wrapper
      }
    }
    const context = await model.createContext({
      contextSize: config.contextSize ?? Math.min(4096, model.trainContextSize),
      threads: config.threads ?? defaultThreads(llama),
      sequences: 1,
    });
    const sequence = context.getSequence();
    const chat = new LlamaChat({ contextSequence: sequence, chatWrapper, autoDisposeSequence: false });
    return new LlamaEngine(llama, model, context, sequence, chat);
  }

  /** Stats of the last finished generation. */
  get lastStats(): GenerationStats | undefined {
    return this.last;
  }

  /** Name of the chat wrapper in use, e.g. `JinjaTemplate` (the GGUF's template) or `Gemma`. */
  get chatWrapperName(): string {
    return this.chat.chatWrapper.wrapperName;
  }

  /** Calls waiting for the sequence. */
  get queued(): number {
    return this.queue.queued;
  }

  /** Tokens of `history` once the model's chat template renders it. */
  promptTokens(history: ChatHistoryItem[]): Token[] {
    return this.chat.chatWrapper
      .generateContextState({ chatHistory: history })
      .contextText.tokenize(this.model.tokenizer);
  }

  /** Waits its turn (leaving the queue if `signal` aborts), then generates. */
  async generate(req: GenerateRequest): Promise<GenerateResult> {
    const release = await this.queue.acquire(req.signal);
    try {
      return await this.run(req);
    } finally {
      release();
    }
  }

  private async run(req: GenerateRequest): Promise<GenerateResult> {
    const started = performance.now();
    if (req.prefixReuse === false) await this.sequence.clearHistory();
    const tokens = this.promptTokens(req.history);
    const room = this.context.contextSize - tokens.length - 1;
    if (room < 1) {
      throw new LmError(
        'LM_CONTEXT_WINDOW',
        `The prompt has ${tokens.length} tokens; the llama.cpp context holds ${this.context.contextSize}. Shorten the prompt (fewer demos) or raise \`contextSize\`.`,
        { provider: 'llama.cpp' },
      );
    }
    const reused = this.sequence.compareContextTokens(tokens).firstDifferentIndex;
    let first = 0;
    let lastAt = 0;
    let completionTokens = 0;
    const res = await this.chat.generateResponse(req.history, {
      grammar: req.grammar,
      temperature: req.temperature,
      maxTokens: Math.min(req.maxTokens ?? room, room),
      seed: req.seed,
      topP: req.topP,
      topK: req.topK,
      minP: req.minP,
      customStopTriggers: req.stop?.length ? req.stop : undefined,
      signal: req.signal,
      stopOnAbortSignal: false,
      onToken: (t) => {
        lastAt = performance.now();
        if (!first) first = lastAt;
        completionTokens += t.length;
      },
      onTextChunk: req.onText,
    });
    const end = performance.now();
    const thoughts = res.fullResponse.flatMap((part) =>
      typeof part !== 'string' && part.segmentType === 'thought' ? [part.text] : [],
    );
    const stop = res.metadata.stopReason;
    this.last = {
      promptTokens: tokens.length,
      reusedPromptTokens: Math.min(reused, tokens.length),
      completionTokens,
      timeToFirstTokenMs: (first || end) - started,
      generationMs: first ? lastAt - first : 0,
      totalMs: end - started,
    };
    return {
      text: res.response,
      reasoning: thoughts.length ? thoughts.join('') : undefined,
      finishReason: stop === 'maxTokens' ? 'length' : stop === 'abort' ? 'abort' : 'stop',
      stats: this.last,
    };
  }

  /** Frees the context (the model stays loaded for other engines). */
  async dispose(): Promise<void> {
    this.chat.dispose({ disposeSequence: true });
    await this.context.dispose();
  }
}

/** Frees every engine (used by `disposeLlamaCpp`). */
export async function disposeEngines(): Promise<void> {
  const all = [...engines.values()];
  engines.clear();
  for (const e of all) await e.then((engine) => engine.dispose()).catch(() => undefined);
}

/**
 * Frees every context, model and llama.cpp runtime this process loaded; LMs load them again on
 * their next call. Call it before a test runner or a short script exits.
 *
 * @example
 * afterAll(() => disposeLlamaCpp());
 */
export async function disposeLlamaCpp(): Promise<void> {
  await disposeEngines();
  await disposeModelsAndRuntimes();
}
