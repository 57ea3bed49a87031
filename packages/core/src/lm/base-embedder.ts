import { DspyError, LmError } from '../errors/dspy-error';
import type { Embedder } from '../retrieval/embedder';
import { cacheKey } from './cache/cache-key';
import { defaultLmCache, type LmCache } from './cache/lm-cache';
import { CallSignal } from './call-signal';
import { Semaphore } from './concurrency';
import type { RetryOptions } from './retry';
import { withRetry } from './retry';

export interface BaseEmbedderOptions {
  /** Texts per request (default 64). */
  batchSize?: number;
  /** Per-text cache like the LM cache (default `true`: the process-wide cache). */
  cache?: boolean | LmCache;
  retry?: RetryOptions | false;
  /** Batches in flight at once (default 4). */
  maxConcurrency?: number;
  /** Deadline of one `embed` call in ms, all batches included (default none). */
  timeoutMs?: number;
  /** Provider name used in error messages. */
  provider?: string;
}

export interface EmbedOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** `false` neither reads nor writes the cache for this call. */
  cache?: boolean;
}

/** One batch's result from the provider. */
export interface EmbedBatchResult {
  readonly vectors: number[][];
}

const isVector = (v: unknown): v is { vector: number[] } =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as { vector?: unknown }).vector) &&
  (v as { vector: unknown[] }).vector.every((x) => typeof x === 'number');

/**
 * Base of embedders: splits texts into batches, runs them with retries, a concurrency limit and a
 * deadline, and caches each text's vector. Implement `embedBatch`.
 *
 * @example
 * class MyEmbedder extends BaseEmbedder {
 *   constructor() { super('my/embedder'); }
 *   protected async embedBatch(texts) { return { vectors: texts.map((t) => [t.length]) }; }
 * }
 */
export abstract class BaseEmbedder implements Embedder {
  protected readonly batchSize: number;
  protected readonly provider: string;
  private readonly cacheSetting: boolean | LmCache;
  private readonly retryOptions: RetryOptions;
  private readonly limiter: Semaphore;
  private readonly timeoutMs?: number;

  protected constructor(
    readonly model: string,
    options: BaseEmbedderOptions = {},
  ) {
    this.batchSize = Math.max(1, options.batchSize ?? 64);
    this.cacheSetting = options.cache ?? true;
    this.retryOptions = options.retry === false ? { maxRetries: 0 } : { ...options.retry };
    this.limiter = new Semaphore(Math.max(1, options.maxConcurrency ?? 4));
    this.timeoutMs = options.timeoutMs;
    this.provider = options.provider ?? model;
  }

  /** One request for `texts` (at most `batchSize`), vectors in the same order. */
  protected abstract embedBatch(texts: string[], signal: AbortSignal | undefined): Promise<EmbedBatchResult>;

  /** Settings that change the vectors (e.g. `dimensions`); part of the cache key. */
  protected cacheParams(): Record<string, unknown> {
    return {};
  }

  /**
   * Vectors for `texts`, in order. Cached texts are not sent again.
   *
   * @example
   * const [a, b] = await embedder.embed(['first text', 'second text']);
   */
  async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<number[][]> {
    const out: (number[] | undefined)[] = new Array(texts.length);
    const cache = options.cache === false ? undefined : this.resolveCache();
    const params = this.cacheParams();
    const keys = texts.map((text) =>
      cache ? cacheKey({ kind: 'embedding', model: this.model, text, params }) : undefined,
    );
    const missing: number[] = [];
    texts.forEach((_t, i) => {
      const hit = keys[i] ? cache!.getJson(keys[i]!, isVector) : undefined;
      if (hit) out[i] = [...hit.vector];
      else missing.push(i);
    });
    if (missing.length > 0) {
      const call = new CallSignal(options.signal, options.timeoutMs ?? this.timeoutMs);
      try {
        const batches: number[][] = [];
        for (let i = 0; i < missing.length; i += this.batchSize) batches.push(missing.slice(i, i + this.batchSize));
        await Promise.all(
          batches.map(async (idx) => {
            const batch = idx.map((i) => texts[i]!);
            const { vectors } = await withRetry(
              async () => {
                const release = await this.limiter.acquire(call.signal);
                try {
                  return await this.embedBatch(batch, call.signal);
                } finally {
                  release();
                }
              },
              this.retryOptions,
              call.signal,
            );
            if (vectors.length !== batch.length) {
              throw new LmError(
                'LM_ERROR',
                `${this.provider} returned ${vectors.length} embeddings for ${batch.length} texts (model ${this.model}). Check that the model is an embedding model.`,
                { provider: this.provider },
              );
            }
            idx.forEach((i, j) => {
              out[i] = vectors[j];
              if (keys[i]) cache!.setJson(keys[i]!, { vector: vectors[j] });
            });
          }),
        );
      } catch (err) {
        if (call.timedOut) {
          throw new LmError(
            'LM_TIMEOUT',
            `${this.provider} did not return embeddings for ${this.model} within ${options.timeoutMs ?? this.timeoutMs} ms. Raise \`timeoutMs\` or lower \`batchSize\`.`,
            { cause: err, provider: this.provider },
          );
        }
        if (call.callerAborted && !DspyError.is(err, 'LM_ABORTED')) {
          throw new LmError('LM_ABORTED', `The embedding call to ${this.model} was aborted by the caller's signal.`, {
            cause: err,
            provider: this.provider,
          });
        }
        throw err;
      } finally {
        call.dispose();
      }
    }
    return out as number[][];
  }

  private resolveCache(): LmCache | undefined {
    const s = this.cacheSetting;
    return s === false ? undefined : s === true ? defaultLmCache() : s;
  }
}
