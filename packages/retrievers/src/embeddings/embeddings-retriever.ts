import { DspyError, type Embedder, type Passage, type RetrieveOptions, type Retriever } from '@dspy-ts/core';
import { normalizeDocuments, type RetrieverDocument, type StoredDocument } from '../documents';
import { writeFileAtomic, ObserveRetrieve } from '@dspy-ts/core/provider-kit';
import { embedInBatches } from '../internal/embed-in-batches';
import { readIndexFile } from '../internal/index-file';
import { DEFAULT_K, resolveK, throwIfAborted } from '../internal/options';
import { topK } from '../internal/top-k';
import {
  decodeEmbeddingsFile,
  EMBEDDINGS_FILE,
  EMBEDDINGS_HOW_TO_CREATE,
  encodeEmbeddingsFile,
} from './embeddings-file';
import { dotAll, normalizeInto } from './vector-math';

/**
 * Options for {@link EmbeddingsRetriever.fromDocuments} and {@link EmbeddingsRetriever.add}.
 *
 * @example
 * await EmbeddingsRetriever.fromDocuments(docs, embedder, { batchSize: 32, k: 5 });
 */
export interface EmbeddingsRetrieverOptions {
  /** Texts per `embedder.embed` call while indexing. Default 64. */
  readonly batchSize?: number;
  /** Passages returned when `retrieve` is called without `k`. Default 3. */
  readonly k?: number;
  readonly signal?: AbortSignal;
}

/**
 * Options for {@link EmbeddingsRetriever.load}.
 *
 * @example
 * await EmbeddingsRetriever.load('kb.emb', embedder, { checkModel: false });
 */
export interface EmbeddingsLoadOptions {
  /**
   * Refuse to load when `embedder.model` differs from the model that made the saved vectors
   * (their scores would be meaningless). Turn off when the same model has another name here.
   * Default true.
   */
  readonly checkModel?: boolean;
}

const OWNER = 'EmbeddingsRetriever';
const DEFAULT_BATCH = 64;

/**
 * Dense retrieval over in-memory vectors from any {@link Embedder}, with exact cosine top-k
 * (vectors are normalized once, so each query is one dot product per passage). Scores are
 * cosine similarities in [-1, 1]. Fits corpora up to a few hundred thousand passages; beyond
 * that use `PgVectorRetriever`.
 *
 * @example
 * const kb = await EmbeddingsRetriever.fromDocuments(corpus, new OllamaEmbedder({ model: 'nomic-embed-text' }));
 * await kb.save('kb.emb');
 * const passages = await (await EmbeddingsRetriever.load('kb.emb', embedder)).retrieve('refund policy', { k: 3 });
 */
export class EmbeddingsRetriever implements Retriever {
  private docs: StoredDocument[] = [];
  private matrix: Float32Array = new Float32Array(0);
  private dims = 0;
  private nextAutoId = 0;
  private readonly defaultK: number;

  /** An empty index; prefer {@link EmbeddingsRetriever.fromDocuments}. */
  constructor(
    readonly embedder: Embedder,
    options: { readonly k?: number } = {},
  ) {
    if (embedder === null || typeof embedder !== 'object' || typeof embedder.embed !== 'function') {
      throw new DspyError(
        'CONFIG_INVALID',
        `${OWNER} needs an Embedder (an object with embed(texts)), e.g. new OllamaEmbedder({ model }).`,
      );
    }
    this.defaultK = resolveK(OWNER, options.k, DEFAULT_K);
  }

  /**
   * Embeds `docs` in batches and builds the index. Documents without an `id` are numbered
   * '0', '1', ... in order.
   *
   * @example
   * const kb = await EmbeddingsRetriever.fromDocuments(['a passage', 'another'], embedder, { batchSize: 16 });
   */
  static async fromDocuments(
    docs: readonly RetrieverDocument[],
    embedder: Embedder,
    options: EmbeddingsRetrieverOptions = {},
  ): Promise<EmbeddingsRetriever> {
    const retriever = new EmbeddingsRetriever(embedder, { k: options.k });
    await retriever.add(docs, options);
    return retriever;
  }

  /**
   * Loads an index written by {@link save}; `embedder` embeds queries and must be the model
   * that made the saved vectors. Fails with `FILE_INVALID` naming the file when it is missing,
   * corrupt, or from an incompatible version.
   *
   * @example
   * const kb = await EmbeddingsRetriever.load('./data/kb.emb', embedder);
   */
  static async load(
    path: string,
    embedder: Embedder,
    options: EmbeddingsLoadOptions = {},
  ): Promise<EmbeddingsRetriever> {
    const { header, vectors } = decodeEmbeddingsFile(
      await readIndexFile(path, 'Embeddings index', EMBEDDINGS_HOW_TO_CREATE),
      path,
    );
    const retriever = new EmbeddingsRetriever(embedder, { k: header.k });
    if ((options.checkModel ?? true) && header.model !== embedder.model) {
      throw new DspyError(
        'CONFIG_INVALID',
        `${OWNER}.load: ${path} holds vectors from model "${header.model}", but the embedder is "${embedder.model}". ` +
          'Vectors from different models cannot be compared: pass the same model, rebuild the index with fromDocuments(docs, embedder), ' +
          'or pass { checkModel: false } if it is the same model under another name.',
      );
    }
    retriever.docs = header.documents.map((d) => ({ id: d.id, text: d.text, metadata: d.metadata ?? {} }));
    retriever.matrix = vectors;
    retriever.dims = header.dimensions;
    retriever.nextAutoId = header.nextAutoId;
    return retriever;
  }

  /** Number of indexed passages. */
  get size(): number {
    return this.docs.length;
  }

  /** Vector size, known once the first document is embedded (0 before). */
  get dimensions(): number {
    return this.dims;
  }

  /**
   * Embeds and adds documents. Ids must be new; ids left out continue the numbering.
   * On failure (embedder error, abort) the index is unchanged.
   *
   * @example
   * await kb.add([{ id: 'faq-9', text: 'Invoices are emailed monthly.' }]);
   */
  async add(docs: readonly RetrieverDocument[], options: Omit<EmbeddingsRetrieverOptions, 'k'> = {}): Promise<this> {
    const existing = new Set(this.docs.map((d) => d.id));
    const start = this.nextAutoId;
    const normalized = normalizeDocuments(docs, OWNER, (i) => String(start + i), existing);
    if (normalized.length === 0) return this;
    const vectors = await embedInBatches(
      this.embedder,
      normalized.map((d) => d.text),
      options.batchSize ?? DEFAULT_BATCH,
      OWNER,
      options.signal,
      this.dims || undefined,
    );
    const dims = vectors[0]!.length;
    const grown = new Float32Array(this.matrix.length + vectors.length * dims);
    grown.set(this.matrix);
    vectors.forEach((v, i) => normalizeInto(v, grown, this.matrix.length + i * dims));
    // Commit only after every vector is in hand, so a failed add leaves the index as it was.
    this.matrix = grown;
    this.dims = dims;
    this.docs = [...this.docs, ...normalized];
    this.nextAutoId = start + normalized.length;
    return this;
  }

  /**
   * The `k` passages most similar to `query` by cosine similarity, best first (exact search).
   *
   * @example
   * const [best] = await kb.retrieve('How do refunds work?', { k: 1 });
   */
  @ObserveRetrieve()
  async retrieve(query: string, options: RetrieveOptions = {}): Promise<Passage[]> {
    throwIfAborted(OWNER, options.signal);
    const k = resolveK(OWNER, options.k, this.defaultK);
    if (this.docs.length === 0) return [];
    const [vector] = await embedInBatches(this.embedder, [query], 1, OWNER, options.signal, this.dims);
    const q = new Float64Array(this.dims);
    normalizeInto(vector!, q, 0);
    const scores = dotAll(this.matrix, this.dims, q);
    return topK(scores, k).map((i) => {
      const d = this.docs[i]!;
      return { id: d.id, text: d.text, score: scores[i]!, metadata: d.metadata };
    });
  }

  /**
   * Writes documents and normalized vectors to `path` atomically (temp file + rename).
   *
   * @example
   * await kb.save('./data/kb.emb');
   */
  async save(path: string): Promise<void> {
    const data = encodeEmbeddingsFile(
      {
        format: EMBEDDINGS_FILE.format,
        version: EMBEDDINGS_FILE.version,
        model: this.embedder.model,
        dimensions: this.dims,
        count: this.docs.length,
        k: this.defaultK,
        nextAutoId: this.nextAutoId,
        dtype: 'float32le',
        documents: this.docs,
      },
      this.matrix,
    );
    await writeFileAtomic(path, data);
  }
}
