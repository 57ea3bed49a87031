import type { ChatMessage, ToolCall, ToolDefinition } from './messages';

/** How the reply must be shaped; adapters set it, providers translate it (Ollama `format`, OpenAI `response_format`). */
export type ResponseFormat =
  | { readonly type: 'text' }
  | { readonly type: 'json_object' }
  | {
      readonly type: 'json_schema';
      readonly name: string;
      readonly schema: Record<string, unknown>;
      readonly strict?: boolean;
    };

/** Options of one LM call. Provider-specific settings go in `extra`. */
export interface LmCallOptions {
  temperature?: number;
  maxTokens?: number;
  /** Number of completions. Providers without native `n` issue n requests. */
  n?: number;
  stop?: readonly string[];
  topP?: number;
  seed?: number;
  responseFormat?: ResponseFormat;
  tools?: readonly ToolDefinition[];
  /** Part of the cache key, never sent to the provider: a new id gets a fresh sample (DSPy's `rollout_id`). */
  rolloutId?: string | number;
  /** Per-call cache switch; `false` neither reads nor writes the cache. */
  cache?: boolean;
  signal?: AbortSignal;
  /** Milliseconds before the call is aborted with `LM_TIMEOUT`. */
  timeoutMs?: number;
  /** Provider-specific options, passed through as they are (e.g. Ollama `num_ctx`, `keep_alive`). */
  extra?: Record<string, unknown>;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'abort' | 'error' | 'unknown';

/** One completion (choice). */
export interface LmOutput {
  readonly text: string;
  readonly toolCalls?: readonly ToolCall[];
  /** Provider-native reasoning ("thinking") text, when the model returns it separately. */
  readonly reasoning?: string;
  readonly finishReason?: FinishReason;
}

export interface LmUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

export const ZERO_USAGE: LmUsage = Object.freeze({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });

export function addUsage(a: LmUsage, b: LmUsage): LmUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

export interface LmResponse {
  readonly outputs: readonly LmOutput[];
  /** Zero on a cache hit: cached calls cost nothing. */
  readonly usage: LmUsage;
  readonly model: string;
  readonly cacheHit?: boolean;
}

/** A streamed piece of a reply: text deltas of completion 0, then the final response. */
export type LmStreamEvent =
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'done'; readonly response: LmResponse };

/** What providers can do; adapters choose formats from it. */
export interface LmCapabilities {
  /** Constrained decoding to a JSON Schema (Ollama `format`, OpenAI json_schema, llama.cpp grammar). */
  readonly jsonSchema: boolean;
  readonly jsonObject: boolean;
  readonly nativeTools: boolean;
  readonly streaming: boolean;
  readonly images: boolean;
}

/**
 * The contract every language model satisfies. Implement it directly, or extend `BaseLM`
 * to get caching, retries, history and usage accounting for free.
 *
 * @example
 * const res = await lm.call([{ role: 'user', content: 'Say hi' }], { temperature: 0 });
 * console.log(res.outputs[0].text, res.usage.totalTokens);
 */
export interface LanguageModel {
  /** Model identifier, e.g. `ollama/llama3.2`. Used in history, usage keys and save files. */
  readonly model: string;
  readonly capabilities: LmCapabilities;
  call(messages: readonly ChatMessage[], options?: LmCallOptions): Promise<LmResponse>;
  /** Streams completion 0; providers without streaming may yield one delta. */
  stream?(messages: readonly ChatMessage[], options?: LmCallOptions): AsyncIterable<LmStreamEvent>;
}

export function isLanguageModel(x: unknown): x is LanguageModel {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as LanguageModel).call === 'function' &&
    typeof (x as LanguageModel).model === 'string'
  );
}
