import { recordUsage, UsageTracker } from '../context/usage-tracker';
import { DspyError, LmError } from '../errors/dspy-error';
import { cacheKey } from './cache/cache-key';
import { defaultLmCache, type LmCache } from './cache/lm-cache';
import { CallSignal } from './call-signal';
import { Semaphore } from './concurrency';
import { formatHistory, LmCallLog, type LmCallRecord } from './call-log';
import {
  type LanguageModel,
  type LmCallOptions,
  type LmCapabilities,
  type LmResponse,
  type LmStreamEvent,
  ZERO_USAGE,
} from './language-model';
import type { ChatMessage } from './messages';
import { retryDelay, type RetryOptions, sleep, withRetry } from './retry';
import { warnOnce } from '../observability/log';
import { observationActive, observe, observeStream } from '../observability/observe';

export interface BaseLMOptions {
  /** Defaults merged under every call's options (call options win). */
  defaults?: LmCallOptions;
  /** Entries kept in `history` (default 10,000). */
  maxHistory?: number;
  /** Approximate bytes of prompts and replies kept in `history` (default 64 MiB); the oldest go first. */
  maxHistoryBytes?: number;
  /**
   * Response cache: `true` uses the process-wide cache (`configureCache`), an `LmCache` uses that
   * one, `false` none. BaseLM's default is `false`; providers default to `true`.
   */
  cache?: boolean | LmCache;
  /**
   * Retries on 429, 5xx, garbled replies, connection errors and attempt timeouts (default 3 retries);
   * `attemptTimeoutMs` bounds one attempt under the call's `timeoutMs`. `false` turns retries off.
   */
  retry?: RetryOptions | false;
  /**
   * Most calls in flight at once for this LM and its copies; the rest wait in order. Default
   * unlimited, as DSPy's LM. The first time the limit makes a call wait, a `DSPY_TS_CONCURRENCY`
   * warning says so (a lower limit than a caller's `concurrency` is otherwise invisible).
   */
  maxConcurrency?: number;
  /** Provider name used in error messages (e.g. `Ollama`). */
  provider?: string;
}

/**
 * Base class for language models: implement `forward` (and optionally `forwardStream`), get
 * caching (memory + disk), retries with backoff, a concurrency limit, timeouts, cancellation,
 * history and usage accounting for free.
 *
 * - Cache key: SHA-256 of `{ model, messages, options, rolloutId }` (no signal, timeout or
 *   credentials). `cache: false` per call skips it; a new `rolloutId` gets a fresh sample.
 *   Hits come back with `cacheHit: true` and zero usage.
 * - `timeoutMs` is a deadline for the whole call, retries and waits included → `LM_TIMEOUT`.
 *   `retry.attemptTimeoutMs` cancels and retries one attempt that hangs.
 *   An aborted `signal` → `LM_ABORTED`.
 *
 * @example
 * class EchoLM extends BaseLM {
 *   readonly capabilities = { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: false, images: false };
 *   constructor() { super('echo', { cache: true }); }
 *   protected async forward(messages) {
 *     return { model: this.model, usage: ZERO_USAGE, outputs: [{ text: String(messages.at(-1)?.content) }] };
 *   }
 * }
 */
export abstract class BaseLM implements LanguageModel {
  readonly history: LmCallLog;
  /** Usage of this LM instance: `usage.total()`, `usage.calls`, `usage.cacheHits`. */
  readonly usage: UsageTracker;
  protected readonly defaults: LmCallOptions;
  protected readonly provider: string;
  abstract readonly capabilities: LmCapabilities;
  private readonly cacheSetting: boolean | LmCache;
  private readonly retryOptions: RetryOptions;
  private readonly limiter?: Semaphore;

  protected constructor(
    readonly model: string,
    options: BaseLMOptions = {},
  ) {
    this.defaults = { ...options.defaults };
    this.history = new LmCallLog({ maxEntries: options.maxHistory, maxBytes: options.maxHistoryBytes });
    this.usage = new UsageTracker();
    this.cacheSetting = options.cache ?? false;
    this.retryOptions = options.retry === false ? { maxRetries: 0 } : { ...options.retry };
    const max = options.maxConcurrency;
    this.limiter = max !== undefined && Number.isFinite(max) ? new Semaphore(max) : undefined;
    this.provider = options.provider ?? model;
  }

  /** The `maxConcurrency` limit this LM (and its copies) was built with; `undefined` when unlimited. */
  get maxConcurrency(): number | undefined {
    return this.limiter?.max;
  }

  /** Provider call: messages in, outputs and usage out. `rolloutId`, `cache` and `timeoutMs` are already removed; `signal` covers the deadline. */
  protected abstract forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse>;

  /** Streaming provider call: text deltas of completion 0, then `done`. When absent, `stream` yields the whole reply as one delta. */
  protected forwardStream?(messages: readonly ChatMessage[], options: LmCallOptions): AsyncIterable<LmStreamEvent>;

  /**
   * One call: cache lookup, then the provider with retries, the concurrency limit and the deadline.
   *
   * @example
   * const res = await lm.call([{ role: 'user', content: 'Hi' }], { temperature: 0, timeoutMs: 30_000 });
   */
  call(messages: readonly ChatMessage[], options: LmCallOptions = {}): Promise<LmResponse> {
    const merged = this.mergeOptions(options);
    if (!observationActive()) return this.callOnce(messages, merged);
    return observe(
      { kind: 'lm', instance: this, name: this.model, inputs: { messages, options: merged, provider: this.provider } },
      () => this.callOnce(messages, merged),
    );
  }

  /** `merged`: the call's options over this LM's defaults (`mergeOptions`), merged once per call. */
  private async callOnce(messages: readonly ChatMessage[], merged: LmCallOptions): Promise<LmResponse> {
    const started = Date.now();
    const { rolloutId, cache: useCache, signal, timeoutMs, ...providerOptions } = merged;
    if (signal?.aborted) throw this.abortedError(signal.reason);
    const cache = useCache === false ? undefined : this.resolveCache();
    const key = cache ? this.keyOf(messages, providerOptions, rolloutId) : undefined;
    if (key) {
      const hit = cache!.get(key) ?? (cache!.remote ? await cache!.getRemote(key) : undefined);
      if (hit) {
        const response: LmResponse = { ...hit, usage: ZERO_USAGE, cacheHit: true };
        this.record(messages, merged, response, started);
        return response;
      }
    }
    const call = new CallSignal(signal, timeoutMs);
    let response: LmResponse;
    try {
      response = await withRetry(
        () =>
          this.limited(call.signal, async () => {
            const attempt = call.attempt(this.retryOptions.attemptTimeoutMs);
            try {
              return await this.forward(
                messages,
                attempt.signal ? { ...providerOptions, signal: attempt.signal } : providerOptions,
              );
            } catch (err) {
              throw attempt.settle(err, this.provider, this.model);
            } finally {
              attempt.dispose();
            }
          }),
        this.retryOptions,
        call.signal,
      );
    } catch (err) {
      throw this.settleError(err, call, timeoutMs);
    } finally {
      call.dispose();
    }
    if (key) cache!.set(key, response);
    this.record(messages, merged, response, started);
    return response;
  }

  /**
   * Streams completion 0 as text deltas, then `{ type: 'done', response }`. Uses the provider's
   * `forwardStream` when it has one (cache hits and `n > 1` yield the whole text as one delta).
   * Leaving the loop early cancels the request.
   *
   * @example
   * for await (const ev of lm.stream(messages)) if (ev.type === 'delta') process.stdout.write(ev.text);
   */
  stream(messages: readonly ChatMessage[], options: LmCallOptions = {}): AsyncIterable<LmStreamEvent> {
    // Without a provider stream the reply comes from `call`, which is observed itself.
    const merged = this.mergeOptions(options);
    const streamed = this.forwardStream !== undefined && (merged.n ?? 1) <= 1;
    if (!streamed || !observationActive()) return this.streamOnce(messages, merged);
    return observeStream(
      { kind: 'lm', instance: this, name: this.model, inputs: { messages, options: merged, provider: this.provider } },
      this.streamOnce(messages, merged),
      (event) => (event.type === 'done' ? event.response : undefined),
    );
  }

  private async *streamOnce(messages: readonly ChatMessage[], merged: LmCallOptions): AsyncIterable<LmStreamEvent> {
    const forwardStream = this.forwardStream;
    if (!forwardStream || (merged.n ?? 1) > 1) {
      // Merging again in `call` gives the same options (call options already win over defaults).
      const response = await this.call(messages, merged);
      if (response.outputs[0]?.text) yield { type: 'delta', text: response.outputs[0].text };
      yield { type: 'done', response };
      return;
    }
    const started = Date.now();
    const { rolloutId, cache: useCache, signal, timeoutMs, ...providerOptions } = merged;
    if (signal?.aborted) throw this.abortedError(signal.reason);
    const cache = useCache === false ? undefined : this.resolveCache();
    const key = cache ? this.keyOf(messages, providerOptions, rolloutId) : undefined;
    const hit = key ? (cache!.get(key) ?? (cache!.remote ? await cache!.getRemote(key) : undefined)) : undefined;
    if (hit) {
      const response: LmResponse = { ...hit, usage: ZERO_USAGE, cacheHit: true };
      this.record(messages, merged, response, started);
      if (response.outputs[0]?.text) yield { type: 'delta', text: response.outputs[0].text };
      yield { type: 'done', response };
      return;
    }
    const call = new CallSignal(signal, timeoutMs, true);
    let response: LmResponse | undefined;
    let finished = false;
    try {
      for (let attempt = 0; ; attempt++) {
        let yielded = false;
        const release = this.limiter ? await this.acquire(this.limiter, call.signal) : undefined;
        // The attempt timeout covers the wait for the first token; once text flows it is disarmed.
        const guard = call.attempt(this.retryOptions.attemptTimeoutMs);
        try {
          for await (const event of forwardStream.call(this, messages, { ...providerOptions, signal: guard.signal })) {
            if (event.type === 'done') response = event.response;
            else if (event.text) {
              if (!yielded) guard.disarm();
              yielded = true;
              yield event;
            }
          }
          break;
        } catch (caught) {
          const err = guard.settle(caught, this.provider, this.model);
          const delay = yielded || call.signal!.aborted ? undefined : retryDelay(err, attempt, this.retryOptions);
          if (delay === undefined) throw err;
          release?.();
          await sleep(delay, call.signal);
          continue;
        } finally {
          guard.dispose();
          release?.();
        }
      }
      finished = true;
    } catch (err) {
      throw this.settleError(err, call, timeoutMs);
    } finally {
      // Stops the request when the stream failed or the consumer left early; a completed stream
      // has nothing left to cancel (aborting it would only allocate an error and run listeners).
      if (!finished) call.abort();
      call.dispose();
    }
    if (!response)
      throw new LmError(
        'LM_ERROR',
        `The ${this.provider} stream for ${this.model} ended without a final message. Retry the call; if it persists, check the server's logs.`,
        { provider: this.provider },
      );
    if (key) cache!.set(key, response);
    this.record(messages, merged, response, started);
    yield { type: 'done', response };
  }

  /**
   * A new LM sharing this one's provider, cache and concurrency limit, with fresh history and
   * usage, and `overrides` merged over its defaults (`undefined` removes a default). DSPy's
   * `lm.copy(rollout_id=..., temperature=...)`.
   *
   * @example
   * const sampler = lm.copy({ rolloutId: 7, temperature: 1.0 });
   */
  copy(overrides: LmCallOptions = {}): this {
    const clone = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(clone, this);
    const defaults: LmCallOptions = { ...this.defaults, ...overrides };
    if (this.defaults.extra || overrides.extra) defaults.extra = { ...this.defaults.extra, ...overrides.extra };
    for (const k of Object.keys(defaults) as (keyof LmCallOptions)[]) if (defaults[k] === undefined) delete defaults[k];
    const fresh = clone as unknown as {
      defaults: LmCallOptions;
      history: LmCallLog;
      usage: UsageTracker;
    };
    fresh.defaults = defaults;
    fresh.history = this.history.emptyCopy();
    fresh.usage = new UsageTracker();
    return clone;
  }

  /**
   * Prints the last `n` calls readably (messages and replies) to stdout, as DSPy's `inspect_history`,
   * and returns the same text. `{ print: false }` only returns it.
   *
   * @example
   * lm.inspectHistory(2);                              // printed
   * const text = lm.inspectHistory(1, { print: false }); // for a log line or a test
   */
  inspectHistory(n = 1, options: { print?: boolean } = {}): string {
    const text = formatHistory(this.history.entries, n);
    if (options.print ?? true) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return text;
  }

  /** The default options of every call (read-only view). */
  get callDefaults(): Readonly<LmCallOptions> {
    return this.defaults;
  }

  protected mergeOptions(options: LmCallOptions): LmCallOptions {
    const merged = { ...this.defaults, ...options };
    if (this.defaults.extra && options.extra) merged.extra = { ...this.defaults.extra, ...options.extra };
    return merged;
  }

  protected record(
    messages: readonly ChatMessage[],
    options: LmCallOptions,
    response: LmResponse,
    started: number,
  ): void {
    const { signal: _s, ...kept } = options;
    const entry: LmCallRecord = {
      model: this.model,
      messages,
      options: kept,
      response,
      timestamp: new Date(started).toISOString(),
      durationMs: Date.now() - started,
    };
    this.history.push(entry);
    const hit = response.cacheHit === true;
    if (response.outputs.some((o) => o.finishReason === 'length')) {
      // Once per LM and token limit: a 1-token probe does not use up the warning real calls need.
      const limit = options.maxTokens ?? 'provider default';
      warnOnce(
        this,
        `truncated:${limit}`,
        { code: 'DSPY_TS_TRUNCATED', model: this.model, maxTokens: limit },
        `${this.model} stopped at the token limit (maxTokens = ${limit}), so the reply is cut off and may not parse. Raise \`maxTokens\` on the LM or the call.`,
      );
    }
    this.usage.add(this.model, response.usage, hit);
    recordUsage(this.model, response.usage, hit);
  }

  /** The cache this LM uses now, or `undefined` when it has none. */
  protected resolveCache(): LmCache | undefined {
    const s = this.cacheSetting;
    return s === false ? undefined : s === true ? defaultLmCache() : s;
  }

  private keyOf(
    messages: readonly ChatMessage[],
    options: LmCallOptions,
    rolloutId: LmCallOptions['rolloutId'],
  ): string | undefined {
    if (rolloutId !== undefined && options.temperature === 0) {
      warnOnce(
        this,
        'rollout-at-zero-temperature',
        { code: 'DSPY_TS_ROLLOUT', model: this.model },
        `${this.model}: rolloutId is set but temperature is 0, so the provider will likely return the same answer for every rollout. Set a temperature (e.g. 1.0) together with rolloutId.`,
      );
    }
    return cacheKey({ model: this.model, messages, options, rolloutId });
  }

  private async limited<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    if (!this.limiter) return fn();
    const release = await this.acquire(this.limiter, signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private acquire(limiter: Semaphore, signal: AbortSignal | undefined): Promise<() => void> {
    if (limiter.inUse >= limiter.max) {
      // Once per limiter (shared by an LM and its copies).
      warnOnce(
        limiter,
        'concurrency-limit',
        { code: 'DSPY_TS_CONCURRENCY', model: this.model, maxConcurrency: limiter.max },
        `${this.provider} (${this.model}): ${limiter.max} calls are in flight, the LM's maxConcurrency; further calls wait for a free slot, so a higher caller concurrency (Evaluate, Parallel, optimizers) does not run faster. Raise \`maxConcurrency\` on the LM (or leave it unset: no limit) if the server can take more.`,
      );
    }
    return limiter.acquire(signal);
  }

  private settleError(err: unknown, call: CallSignal, timeoutMs: number | undefined): unknown {
    if (call.timedOut) {
      return new LmError(
        'LM_TIMEOUT',
        `${this.provider} did not answer for ${this.model} within ${timeoutMs} ms. Raise \`timeoutMs\` (per call, or in the LM's defaults) or check that the server is not overloaded.`,
        { cause: err, provider: this.provider },
      );
    }
    if (call.callerAborted) return this.abortedError(err);
    if (DspyError.is(err)) return err;
    if ((err as Error)?.name === 'AbortError') return this.abortedError(err);
    return err;
  }

  private abortedError(cause: unknown): LmError {
    return new LmError('LM_ABORTED', `The call to ${this.model} was aborted by the caller's signal.`, {
      cause,
      provider: this.provider,
    });
  }
}
