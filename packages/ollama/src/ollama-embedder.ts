import { BaseEmbedder, type BaseEmbedderOptions, DspyError, type EmbedBatchResult, LmError } from '@dspy-ts/core';
import { Ollama } from 'ollama/browser';
import { inRequestScope, ollamaConnection } from './ollama-fetch';
import { defaultOllamaHost } from './ollama-lm';

export interface OllamaEmbedderOptions extends Omit<BaseEmbedderOptions, 'provider'> {
  /** Embedding model, e.g. `nomic-embed-text` (an `ollama/` prefix is accepted). */
  model: string;
  /** Default: `$OLLAMA_HOST`, else `http://127.0.0.1:11434`. */
  host?: string;
  headers?: Record<string, string>;
  /** Truncate inputs longer than the context instead of failing (Ollama's default: true). */
  truncate?: boolean;
  /** Output size for models that support it. */
  dimensions?: number;
  keepAlive?: string | number;
  /** Ollama model options, e.g. `{ num_ctx: 2048 }`. */
  modelOptions?: Record<string, unknown>;
  fetch?: typeof fetch;
}

/**
 * Embeddings from Ollama's `/api/embed`, `batchSize` texts per request (default 64), with
 * per-text caching, retries, a concurrency limit and timeouts.
 *
 * @example
 * const embedder = new OllamaEmbedder({ model: 'nomic-embed-text' });
 * const [a, b] = await embedder.embed(['hello', 'world']);
 */
export class OllamaEmbedder extends BaseEmbedder {
  readonly name: string;
  readonly host: string;
  private readonly client: Ollama;
  private readonly params: {
    truncate?: boolean;
    dimensions?: number;
    keep_alive?: string | number;
    options?: Record<string, unknown>;
  };

  constructor(options: OllamaEmbedderOptions) {
    const name = options.model.replace(/^ollama\//, '');
    super(`ollama/${name}`, { ...options, provider: 'Ollama' });
    this.name = name;
    const connection = ollamaConnection(options.host ?? defaultOllamaHost(), options.fetch, options.headers);
    this.host = connection.where;
    this.client = new Ollama({ host: connection.host, fetch: connection.fetch });
    this.params = {};
    if (options.truncate !== undefined) this.params.truncate = options.truncate;
    if (options.dimensions !== undefined) this.params.dimensions = options.dimensions;
    if (options.keepAlive !== undefined) this.params.keep_alive = options.keepAlive;
    if (options.modelOptions) this.params.options = { ...options.modelOptions };
  }

  protected override cacheParams(): Record<string, unknown> {
    return { truncate: this.params.truncate, dimensions: this.params.dimensions, options: this.params.options };
  }

  protected async embedBatch(texts: string[], signal: AbortSignal | undefined): Promise<EmbedBatchResult> {
    let res: Awaited<ReturnType<Ollama['embed']>>;
    try {
      res = await inRequestScope({ signal, model: this.name }, () =>
        this.client.embed({ model: this.name, input: texts, ...this.params }),
      );
    } catch (err) {
      // A 200 whose body is not JSON is transient, as for OllamaLM: retried like a 5xx.
      if (!DspyError.is(err) && (err as Error)?.name === 'SyntaxError' && !signal?.aborted) {
        throw new LmError(
          'LM_SERVER',
          `Ollama at ${this.host} sent an embedding reply that is not valid JSON. It is retried automatically; if it persists, check that \`host\` points at Ollama.`,
          { cause: err, provider: 'Ollama' },
        );
      }
      throw err;
    }
    return { vectors: res.embeddings };
  }
}
