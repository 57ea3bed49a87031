import { type CallOptions, Module, Predict, Prediction, Program, RETRIEVER, type Retriever } from '@dspy-ts/core';
import { inject } from 'inversify';
import { CheckAnswer, DraftAnswer, RefineAnswer, UnderstandQuestion } from './signatures';

/** A knowledge-base article the answer drew on. */
export interface Source {
  readonly id: string;
  readonly title: string;
  readonly score: number;
}

/** What `SupportBot` returns: the reply, where it came from, and whether it had to be refined. */
export interface SupportAnswer {
  answer: string;
  sources: Source[];
  refined: boolean;
}

/** Passages per question: enough context for a small model without drowning it. */
const PASSAGES = 3;

/**
 * The support chatbot: understand the question (a search query) → retrieve from the knowledge
 * base → draft an empathetic reply → check it answers the question → refine once when it does not.
 * Predictors: `understand`, `draft`, `check`, `refine` (what the compiled JSON is keyed by).
 *
 * @example
 * const bot = createContainer({ lm, retriever: kb }).get(SupportBot);
 * const { answer, sources } = await bot.call({ question: 'I forgot my password' });
 */
@Module({ description: 'Answers customer support questions from the help-center knowledge base, with empathy.' })
export class SupportBot extends Program<{ question: string }, Prediction<SupportAnswer>> {
  readonly understand = new Predict(UnderstandQuestion);
  readonly draft = new Predict(DraftAnswer);
  readonly check = new Predict(CheckAnswer);
  readonly refine = new Predict(RefineAnswer);

  constructor(@inject(RETRIEVER) private readonly kb: Retriever) {
    super();
  }

  async forward({ question }: { question: string }, options: CallOptions = {}): Promise<Prediction<SupportAnswer>> {
    const { signal } = options;
    const { search_query } = await this.understand.call({ question }, { signal });
    // The raw question is searched too: a small model's query can drop the key word.
    const passages = await this.kb.retrieve(`${question} ${search_query}`, { k: PASSAGES, signal });
    const context = passages.map((p) => p.text);
    const sources = passages.map((p) => ({
      id: p.id ?? '',
      title: String(p.metadata?.title ?? p.id ?? ''),
      score: round(p.score),
    }));

    const draft = await this.draft.call({ context, question }, { signal });
    const verdict = await this.check.call({ context, question, answer: draft.answer }, { signal });
    if (verdict.answers_question)
      return new Prediction<SupportAnswer>({ answer: draft.answer, sources, refined: false });

    const refined = await this.refine.call(
      { context, question, draft_answer: draft.answer, feedback: verdict.feedback },
      { signal },
    );
    return new Prediction<SupportAnswer>({ answer: refined.answer, sources, refined: true });
  }
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
