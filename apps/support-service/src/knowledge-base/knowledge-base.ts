import { readFileSync } from 'node:fs';
import { DspyError, type Passage, type RetrieveOptions, type Retriever } from '@dspy-ts/core';
import { BM25Retriever } from '@dspy-ts/retrievers';

/** One help-center article as shipped in `data/knowledge-base.json`. */
export interface Article {
  readonly id: string;
  readonly title: string;
  readonly category: string;
  readonly text: string;
}

/**
 * The help center: articles indexed with BM25 (title + body), searched in process.
 *
 * @example
 * const kb = KnowledgeBase.fromFile('data/knowledge-base.json');
 * const [top] = await kb.retrieve('how do I reset my password', { k: 1 });
 * kb.article(top.id!).title; // 'Reset a forgotten password'
 */
export class KnowledgeBase implements Retriever {
  private readonly byId: ReadonlyMap<string, Article>;
  private readonly index: BM25Retriever;

  constructor(readonly articles: readonly Article[]) {
    this.byId = new Map(articles.map((a) => [a.id, a]));
    this.index = BM25Retriever.fromDocuments(
      articles.map((a) => ({
        id: a.id,
        text: `${a.title}. ${a.text}`,
        metadata: { title: a.title, category: a.category },
      })),
      { k: 3, stopwords: 'eng' },
    );
  }

  static fromFile(path: string): KnowledgeBase {
    let articles: unknown;
    try {
      articles = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new DspyError('FILE_INVALID', `Cannot read the knowledge base ${path}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (!Array.isArray(articles) || articles.some((a) => typeof a?.id !== 'string' || typeof a?.text !== 'string')) {
      throw new DspyError(
        'FILE_INVALID',
        `The knowledge base ${path} must be a JSON array of { id, title, category, text }.`,
      );
    }
    return new KnowledgeBase(articles as Article[]);
  }

  retrieve(query: string, options?: RetrieveOptions): Promise<Passage[]> {
    return this.index.retrieve(query, options);
  }

  article(id: string): Article | undefined {
    return this.byId.get(id);
  }
}
