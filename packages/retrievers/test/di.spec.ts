import { createContainer, Module, Program, RETRIEVER, type Passage, type Retriever } from '@dspy-ts/core';
import { inject } from 'inversify';
import { BM25Retriever } from '../src/bm25';
import { EmbeddingsRetriever } from '../src/embeddings';
import { CORPUS } from './helpers/corpus';
import { HashingEmbedder } from './helpers/hashing-embedder';

// Cross-package: retrievers bound to core's RETRIEVER token reach @Module programs, and
// swapping the binding swaps the retrieval strategy without touching the program.
@Module({ description: 'finds context for a question' })
class FindContext extends Program<{ question: string }, { passages: Passage[] }> {
  constructor(@inject(RETRIEVER) private readonly kb: Retriever) {
    super();
  }
  async forward({ question }: { question: string }) {
    return { passages: await this.kb.retrieve(question, { k: 2 }) };
  }
}

describe('retrievers through the RETRIEVER token', () => {
  it('injects a BM25 retriever, then an embeddings retriever after rebinding', async () => {
    const container = createContainer({ retriever: BM25Retriever.fromDocuments(CORPUS) });
    const viaBm25 = await container.get(FindContext).call({ question: 'capital of France' });
    expect(viaBm25.passages.map((p) => p.id)).toEqual(['paris', 'tokyo']);

    container
      .rebindSync(RETRIEVER)
      .toConstantValue(await EmbeddingsRetriever.fromDocuments(CORPUS, new HashingEmbedder()));
    const viaEmbeddings = await container.get(FindContext).call({ question: 'capital of France' });
    expect(viaEmbeddings.passages.map((p) => p.id)).toEqual(['paris', 'berlin']);
  });
});
