import 'reflect-metadata';
import { inject } from 'inversify';
import { ChainOfThought, Module, Program, RETRIEVER, type Retriever } from '@dspy-ts/core';

/** The README's program: a @Module with an injected retriever. */
@Module({ description: 'Answers support questions from the knowledge base' })
export class SupportBot extends Program<{ question: string }> {
  readonly answer = new ChainOfThought('context: list[str], question -> answer');
  constructor(@inject(RETRIEVER) private readonly kb: Retriever) {
    super();
  }
  async forward({ question }: { question: string }) {
    const passages = await this.kb.retrieve(question, { k: 2 });
    return this.answer.call({ context: passages.map((p) => p.text), question });
  }
}

/** A retriever with two fixed passages. */
export const kb: Retriever = {
  async retrieve() {
    return [
      { id: '1', text: 'Refunds take 5 days.', score: 1 },
      { id: '2', text: 'Shipping is free over $50.', score: 0.5 },
    ];
  },
};
