import {
  type CallOptions,
  ChainOfThought,
  type LmCallOptions,
  Module,
  Prediction,
  Program,
  RETRIEVER,
  type Retriever,
} from '@dspy-ts/core';
import { inject, optional } from 'inversify';
import { GenerateAnswer, GenerateSearchQuery } from './signatures';

/**
 * Token for {@link MultiHopOptions} in a container; optional (defaults apply without it).
 *
 * @example
 * container.bind(MULTI_HOP_OPTIONS).toConstantValue({ passagesPerHop: 3, answerMaxTokens: 80 });
 */
export const MULTI_HOP_OPTIONS = Symbol.for('@dspy-ts/app-rag:MULTI_HOP_OPTIONS');

/**
 * Shape of the program. Predictor count follows `maxHops`, so a saved program only loads into one
 * built with the same `maxHops`.
 *
 * @example
 * createContainer({ lm, retriever }).bind(MULTI_HOP_OPTIONS).toConstantValue({ maxHops: 2, passagesPerHop: 3 });
 */
export interface MultiHopOptions {
  /** Query → retrieve rounds before answering. Default 2 (DSPy's `max_hops`). */
  readonly maxHops?: number;
  /** Passages retrieved per hop. Default 3 (DSPy's `passages_per_hop`). */
  readonly passagesPerHop?: number;
  /** Reply budget of each query predictor (reasoning + query). Unset: the LM's default. */
  readonly queryMaxTokens?: number;
  /** Reply budget of the answer predictor (reasoning + answer). Unset: the LM's default. */
  readonly answerMaxTokens?: number;
}

/**
 * What the program returns: the passages it read (for retrieval metrics) and the answer.
 *
 * @example
 * const { context, answer }: MultiHopPrediction = await qa.call({ question });
 */
export type MultiHopPrediction = Prediction<{ context: string[]; answer: string }>;

/**
 * DSPy's SimplifiedBaleen: for each hop, a ChainOfThought writes a search query from the question
 * and the passages found so far, the injected retriever fetches passages, and new ones are added
 * (duplicates dropped, first occurrence kept); then a ChainOfThought answers from all of them.
 *
 * @example
 * const container = createContainer({ lm, retriever: BM25Retriever.fromDocuments(passages, { stopwords: 'eng' }) });
 * const qa = container.get(MultiHopQA);
 * const { answer, context } = await qa.call({ question: 'On which river lies the town where Orbwright was founded?' });
 */
@Module({
  description: 'Answers two-hop questions: writes a search query per hop, retrieves passages, and answers from them.',
})
export class MultiHopQA extends Program<{ question: string }, MultiHopPrediction> {
  readonly generateQuery: ChainOfThought<typeof GenerateSearchQuery>[];
  readonly generateAnswer: ChainOfThought<typeof GenerateAnswer>;
  readonly passagesPerHop: number;

  constructor(
    @inject(RETRIEVER) private readonly retriever: Retriever,
    @inject(MULTI_HOP_OPTIONS) @optional() options: MultiHopOptions = {},
  ) {
    super();
    const maxHops = options.maxHops ?? 2;
    this.passagesPerHop = options.passagesPerHop ?? 3;
    this.generateQuery = Array.from(
      { length: maxHops },
      () => new ChainOfThought(GenerateSearchQuery, budget(options.queryMaxTokens)),
    );
    this.generateAnswer = new ChainOfThought(GenerateAnswer, budget(options.answerMaxTokens));
  }

  async forward({ question }: { question: string }, options: CallOptions = {}): Promise<MultiHopPrediction> {
    let context: string[] = [];
    for (const hop of this.generateQuery) {
      const { query } = await hop.call({ context, question }, options);
      const passages = await this.retriever.retrieve(String(query ?? ''), {
        k: this.passagesPerHop,
        signal: options.signal,
      });
      context = dedupe([...context, ...passages.map((p) => p.text)]);
    }
    const { answer } = await this.generateAnswer.call({ context, question }, options);
    return new Prediction({ context, answer });
  }
}

/**
 * DSPy's `deduplicate`: order-preserving, exact-text duplicates dropped.
 *
 * @example
 * dedupe(['a', 'b', 'a']); // ['a', 'b']
 */
export function dedupe(passages: readonly string[]): string[] {
  return [...new Set(passages)];
}

function budget(maxTokens: number | undefined): LmCallOptions {
  return maxTokens === undefined ? {} : { maxTokens };
}
