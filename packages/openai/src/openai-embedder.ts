import { BaseEmbedder, type BaseEmbedderOptions, type EmbedBatchResult, LmError } from '@dspy-ts/core';
import { type HttpClientOptions, OpenAIHttpClient } from './http-client';

export interface OpenAICompatibleEmbedderOptions extends Omit<BaseEmbedderOptions, 'provider'>, HttpClientOptions {
  /** e.g. `text-embedding-3-small`, `nomic-embed-text`. */
  model: string;
  /** Output size for models that support it (OpenAI `dimensions`). */
  dimensions?: number;
  /** Prefix of `model` in ids (default `openai`). */
  providerPrefix?: string;
}

/**
 * Embeddings from `POST {baseURL}/embeddings`, `batchSize` texts per request (default 64), with
 * per-text caching, retries, a concurrency limit and timeouts.
 *
 * @example
 * const embedder = new OpenAICompatibleEmbedder({ model: 'text-embedding-3-small' });
 * const vectors = await embedder.embed(['hello', 'world']);
 */
export class OpenAICompatibleEmbedder extends BaseEmbedder {
  readonly name: string;
  private readonly client: OpenAIHttpClient;
  private readonly dimensions?: number;

  constructor(options: OpenAICompatibleEmbedderOptions) {
    super(`${options.providerPrefix ?? 'openai'}/${options.model}`, {
      ...options,
      provider: 'OpenAI-compatible server',
    });
    this.name = options.model;
    this.dimensions = options.dimensions;
    this.client = new OpenAIHttpClient(options, 'OpenAICompatibleEmbedder');
  }

  protected override cacheParams(): Record<string, unknown> {
    return { dimensions: this.dimensions };
  }

  protected async embedBatch(texts: string[], signal: AbortSignal | undefined): Promise<EmbedBatchResult> {
    const body: Record<string, unknown> = { model: this.name, input: texts, encoding_format: 'float' };
    if (this.dimensions !== undefined) body.dimensions = this.dimensions;
    const res = await this.client.post('/embeddings', body, this.name, signal);
    const json = (await res.json()) as { data?: { index?: number; embedding?: number[] }[] };
    const data = [...(json.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    if (data.some((d) => !Array.isArray(d.embedding))) {
      throw new LmError(
        'LM_SERVER',
        `The server at ${this.client.where} returned embeddings that are not float arrays for "${this.name}". Check that the model is an embedding model.`,
        { provider: 'OpenAI-compatible' },
      );
    }
    return { vectors: data.map((d) => d.embedding!) };
  }
}
