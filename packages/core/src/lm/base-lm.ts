import { recordUsage } from '../context/usage-tracker';
import { DspyError } from '../errors/dspy-error';
import { formatHistory, History, type HistoryEntry } from './history';
import type { LanguageModel, LmCallOptions, LmCapabilities, LmResponse, LmStreamEvent } from './language-model';
import type { ChatMessage } from './messages';

export interface BaseLMOptions {
  /** Defaults merged under every call's options (call options win). */
  defaults?: LmCallOptions;
  /** Entries kept in `history`. */
  maxHistory?: number;
}

/**
 * Base class for language models: implement `forward` (and optionally `forwardStream`), get
 * history, usage accounting and `inspectHistory` for free.
 *
 * @example
 * class EchoLM extends BaseLM {
 *   constructor() { super('echo'); }
 *   protected async forward(messages) {
 *     return { model: this.model, usage: ZERO_USAGE, outputs: [{ text: String(messages.at(-1)?.content) }] };
 *   }
 * }
 */
export abstract class BaseLM implements LanguageModel {
  readonly history: History;
  protected readonly defaults: LmCallOptions;
  abstract readonly capabilities: LmCapabilities;

  protected constructor(
    readonly model: string,
    options: BaseLMOptions = {},
  ) {
    this.defaults = { ...options.defaults };
    this.history = new History(options.maxHistory);
  }

  /** Provider call: messages in, outputs and usage out. `rolloutId` and `cache` are already removed. */
  protected abstract forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse>;

  async call(messages: readonly ChatMessage[], options: LmCallOptions = {}): Promise<LmResponse> {
    const merged = this.mergeOptions(options);
    const started = Date.now();
    const { rolloutId: _r, cache: _c, ...providerOptions } = merged;
    if (merged.signal?.aborted) throw new DspyError('LM_ABORTED', `The call to ${this.model} was aborted before it started.`);
    const response = await this.forward(messages, providerOptions);
    this.record(messages, merged, response, started);
    return response;
  }

  /** Streams completion 0. The default runs `call` and yields its text as one delta. */
  async *stream(messages: readonly ChatMessage[], options: LmCallOptions = {}): AsyncIterable<LmStreamEvent> {
    const response = await this.call(messages, options);
    if (response.outputs[0]?.text) yield { type: 'delta', text: response.outputs[0].text };
    yield { type: 'done', response };
  }

  /** Prints the last `n` calls readably (messages and replies). */
  inspectHistory(n = 1): string {
    return formatHistory(this.history.entries, n);
  }

  protected mergeOptions(options: LmCallOptions): LmCallOptions {
    return { ...this.defaults, ...options, extra: { ...this.defaults.extra, ...options.extra } };
  }

  protected record(messages: readonly ChatMessage[], options: LmCallOptions, response: LmResponse, started: number): void {
    const { signal: _s, ...kept } = options;
    const entry: HistoryEntry = {
      model: this.model,
      messages,
      options: kept,
      response,
      timestamp: new Date(started).toISOString(),
      durationMs: Date.now() - started,
    };
    this.history.push(entry);
    recordUsage(this.model, response.usage, response.cacheHit === true);
  }
}
