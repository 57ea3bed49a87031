import { DspyError, type Passage, type RetrieveOptions, type Retriever } from '@dspy-ts/core';
import MiniSearch from 'minisearch';
import { normalizeDocuments, type RetrieverDocument, type StoredDocument } from '../documents';
import { writeFileAtomic, ObserveRetrieve } from '@dspy-ts/core/provider-kit';
import { invalidFile, readIndexFile } from '../internal/index-file';
import { DEFAULT_K, resolveK, throwIfAborted } from '../internal/options';
import { BM25_FILE, BM25_HOW_TO_CREATE, parseBM25File, type BM25FileContents, type BM25Params } from './bm25-file';
import { createTokenizer, tokenizerState, type TokenizerOptions, type TokenizerState } from './tokenizer';

/**
 * Options for {@link BM25Retriever}. Tokenizer and BM25 parameters are saved with the index.
 *
 * @example
 * const opts: BM25RetrieverOptions = { k: 5, stopwords: 'eng', bm25: { k1: 1.5, b: 0.75, delta: 0 } };
 */
export interface BM25RetrieverOptions extends TokenizerOptions {
  /** Passages returned when `retrieve` is called without `k`. Default 3. */
  readonly k?: number;
  /** BM25 parameters; unspecified ones keep minisearch's defaults (k1 1.2, b 0.7, delta 0.5). */
  readonly bm25?: Partial<BM25Params>;
}

interface Stored {
  text: string;
  metadata: Record<string, unknown>;
}

const OWNER = 'BM25Retriever';
const DEFAULT_PARAMS: BM25Params = { k1: 1.2, b: 0.7, delta: 0.5 };

/**
 * Keyword retrieval with BM25 (BM25+ by default), in process, on minisearch's inverted index.
 * Scores are the sum of each matched query term's BM25 weight (higher is better; not bounded).
 *
 * Note: minisearch measures a passage's length in distinct terms, not total terms; for short
 * passages the difference is small and rankings are unaffected in practice.
 *
 * @example
 * const bm25 = BM25Retriever.fromDocuments(['Paris is in France.', 'Berlin is in Germany.']);
 * await bm25.save('kb.bm25.json');
 * const again = await BM25Retriever.load('kb.bm25.json');
 * const [top] = await again.retrieve('capital of France', { k: 1 });
 */
export class BM25Retriever implements Retriever {
  private index: MiniSearch<Stored & { id: string }>;
  private readonly tokenizer: TokenizerState;
  private readonly params: BM25Params;
  private readonly defaultK: number;
  private nextAutoId: number;

  /** An empty index; add documents with {@link add}, or use {@link BM25Retriever.fromDocuments}. */
  constructor(options: BM25RetrieverOptions = {}) {
    this.tokenizer = tokenizerState(options);
    this.params = checkParams({ ...DEFAULT_PARAMS, ...options.bm25 });
    this.defaultK = resolveK(OWNER, options.k, DEFAULT_K);
    this.nextAutoId = 0;
    this.index = new MiniSearch(miniSearchOptions(this.tokenizer, this.params));
  }

  /**
   * Builds an index from documents. Documents without an `id` are numbered '0', '1', ... in order.
   *
   * @example
   * const bm25 = BM25Retriever.fromDocuments(corpus, { stopwords: 'eng' });
   */
  static fromDocuments(docs: readonly RetrieverDocument[], options: BM25RetrieverOptions = {}): BM25Retriever {
    return new BM25Retriever(options).add(docs);
  }

  /**
   * Loads an index written by {@link save}. Fails with `FILE_INVALID` naming the file when it is
   * missing, corrupt, or from an incompatible version.
   *
   * @example
   * const bm25 = await BM25Retriever.load('./data/kb.bm25.json');
   */
  static async load(path: string): Promise<BM25Retriever> {
    const contents = parseBM25File(await readIndexFile(path, 'BM25 index', BM25_HOW_TO_CREATE), path);
    const retriever = new BM25Retriever({
      stopwords: contents.tokenizer.stopwords,
      locale: contents.tokenizer.locale,
      bm25: contents.params,
      k: contents.k,
    });
    let index: MiniSearch<Stored & { id: string }>;
    try {
      index = MiniSearch.loadJS(contents.index, miniSearchOptions(retriever.tokenizer, retriever.params));
    } catch (err) {
      throw invalidFile(
        path,
        'BM25 index',
        `has an index that cannot be read (${(err as Error).message})`,
        BM25_HOW_TO_CREATE,
        err,
      );
    }
    retriever.index = index;
    retriever.nextAutoId = contents.nextAutoId;
    return retriever;
  }

  /** Number of indexed documents. */
  get size(): number {
    return this.index.documentCount;
  }

  /**
   * Adds documents to the index. Ids must be new; ids left out continue the numbering.
   *
   * @example
   * bm25.add([{ id: 'faq-9', text: 'Invoices are emailed monthly.', metadata: { source: 'faq' } }]);
   */
  add(docs: readonly RetrieverDocument[]): this {
    const start = this.nextAutoId;
    const normalized = normalizeDocuments(docs, OWNER, (i) => String(start + i), { has: (id) => this.index.has(id) });
    this.index.addAll(normalized.map((d: StoredDocument) => ({ id: d.id, text: d.text, metadata: { ...d.metadata } })));
    this.nextAutoId = start + normalized.length;
    return this;
  }

  /**
   * Removes documents by id; unknown ids are an error so typos do not pass silently.
   *
   * @example
   * bm25.remove(['faq-9']);
   */
  remove(ids: readonly string[]): this {
    const missing = ids.filter((id) => !this.index.has(id));
    if (missing.length > 0) {
      throw new DspyError(
        'INPUT_INVALID',
        `${OWNER}.remove: no document with id ${missing.map((m) => `"${m}"`).join(', ')}.`,
      );
    }
    for (const id of ids) this.index.discard(id);
    return this;
  }

  /**
   * The `k` best passages for `query` by BM25 score. Passages sharing no term with the query
   * are never returned, so fewer than `k` may come back.
   *
   * @example
   * const passages = await bm25.retrieve('reset password', { k: 3 });
   */
  @ObserveRetrieve()
  async retrieve(query: string, options: RetrieveOptions = {}): Promise<Passage[]> {
    throwIfAborted(OWNER, options.signal);
    const k = resolveK(OWNER, options.k, this.defaultK);
    const results = this.index.search(query, { combineWith: 'OR', prefix: false, fuzzy: false });
    // minisearch multiplies each score by the number of distinct query terms matched; undo it so
    // the score is the plain BM25 sum (comparable with rank_bm25 / bm25s / Lucene).
    const scored = results.map((r) => ({ r, score: r.score / Math.max(1, r.queryTerms.length) }));
    scored.sort((a, b) => b.score - a.score || compareIds(a.r.id as string, b.r.id as string));
    return scored.slice(0, k).map(({ r, score }) => ({
      id: r.id as string,
      text: r['text'] as string,
      score,
      metadata: r['metadata'] as Record<string, unknown>,
    }));
  }

  /**
   * Writes the index (with tokenizer and BM25 settings) to `path` atomically: a crash mid-write
   * leaves the previous file intact.
   *
   * @example
   * await bm25.save('./data/kb.bm25.json');
   */
  async save(path: string): Promise<void> {
    const contents: BM25FileContents = {
      format: BM25_FILE.format,
      version: BM25_FILE.version,
      tokenizer: this.tokenizer,
      params: this.params,
      k: this.defaultK,
      nextAutoId: this.nextAutoId,
      index: this.index.toJSON(),
    };
    await writeFileAtomic(path, JSON.stringify(contents));
  }
}

function miniSearchOptions(tokenizer: TokenizerState, params: BM25Params) {
  return {
    fields: ['text'],
    storeFields: ['text', 'metadata'],
    tokenize: createTokenizer(tokenizer),
    // tokenize already normalized and filtered; minisearch's default would lowercase again.
    processTerm: (term: string) => term,
    searchOptions: { bm25: { k: params.k1, b: params.b, d: params.delta } },
  };
}

function checkParams(p: BM25Params): BM25Params {
  if (!(p.k1 > 0) || !(p.b >= 0 && p.b <= 1) || !(p.delta >= 0)) {
    throw new DspyError(
      'CONFIG_INVALID',
      `${OWNER}: invalid BM25 parameters ${JSON.stringify(p)}; need k1 > 0, 0 <= b <= 1, delta >= 0.`,
    );
  }
  return { k1: p.k1, b: p.b, delta: p.delta };
}

// Ties break by id ('2' before '10') so results are deterministic across runs and reloads.
const ID_ORDER = new Intl.Collator('en', { numeric: true });
function compareIds(a: string, b: string): number {
  return ID_ORDER.compare(a, b);
}
