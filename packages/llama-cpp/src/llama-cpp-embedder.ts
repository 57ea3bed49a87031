import { basename, resolve } from 'node:path';
import { BaseEmbedder, type BaseEmbedderOptions, type EmbedBatchResult } from '@dspy-ts/core';
import type { LlamaEmbeddingContext, LlamaOptions } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { defaultThreads, sharedLlama, sharedModel } from './llama-runtime';
import { defaultModelPath } from './model-path';

/**
 * Settings of `LlamaCppEmbedder`; `batchSize`, `cache`, `retry` and `timeoutMs` are `BaseEmbedder`'s.
 *
 * @example
 * new LlamaCppEmbedder({ modelPath: '/models/nomic-embed-text-v1.5.Q8_0.gguf', cache: false });
 */
export interface LlamaCppEmbedderOptions extends Omit<BaseEmbedderOptions, 'provider' | 'maxConcurrency'> {
  /** Path of a GGUF file (an embedding model such as nomic-embed-text works best). Default: as `LlamaCppLM`. */
  modelPath?: string;
  /** Context window in tokens; longer texts are rejected by llama.cpp (default: the model's, at most 4096). */
  contextSize?: number;
  threads?: number;
  gpu?: LlamaOptions['gpu'];
}

/**
 * Embeddings from a GGUF model in-process (llama.cpp's pooled embedding). Shares the loaded model
 * with `LlamaCppLM` when the path is the same; texts are embedded one after another.
 *
 * @example
 * const embedder = new LlamaCppEmbedder({ modelPath: '/models/nomic-embed-text-v1.5.Q8_0.gguf' });
 * const [v] = await embedder.embed(['hello world']);
 */
export class LlamaCppEmbedder extends BaseEmbedder {
  readonly modelPath: string;
  private context?: Promise<LlamaEmbeddingContext>;

  constructor(private readonly options: LlamaCppEmbedderOptions = {}) {
    const modelPath = resolve(options.modelPath ?? defaultModelPath());
    super(`llama-cpp/${basename(modelPath).replace(/\.gguf$/i, '')}`, {
      ...options,
      maxConcurrency: 1,
      retry: options.retry ?? false,
      provider: 'llama.cpp',
    });
    this.modelPath = modelPath;
  }

  protected async embedBatch(texts: string[], signal: AbortSignal | undefined): Promise<EmbedBatchResult> {
    const context = await this.embeddingContext();
    const vectors: number[][] = [];
    for (const text of texts) {
      signal?.throwIfAborted();
      vectors.push([...(await context.getEmbeddingFor(text)).vector]);
    }
    return { vectors };
  }

  private async embeddingContext(): Promise<LlamaEmbeddingContext> {
    // after disposeLlamaCpp() the context is gone with its model: load again
    if (this.context && (await this.context.catch(() => undefined))?.disposed) this.context = undefined;
    if (!this.context) {
      const { gpu, contextSize, threads } = this.options;
      this.context = Promise.all([sharedLlama({ gpu }), sharedModel(this.modelPath, { gpu })]).then(([llama, model]) =>
        model.createEmbeddingContext({
          contextSize: contextSize ?? Math.min(4096, model.trainContextSize),
          threads: threads ?? defaultThreads(llama),
        }),
      );
      this.context.catch(() => (this.context = undefined));
    }
    return this.context;
  }
}
