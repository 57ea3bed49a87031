// Programs and Nest providers shared by the @dspy-ts/nestjs specs.
import { Injectable, Module as NestModule } from '@nestjs/common';
import { Module, Predict, Program, RETRIEVER, type Passage, type Retriever } from '@dspy-ts/core';
import { inject } from 'inversify';

/** One predictor: enough to see which LM answered. */
@Module({ description: 'Answers a question' })
export class QA extends Program<{ question: string }> {
  readonly generate = new Predict('question -> answer');
  forward(inputs: { question: string }) {
    return this.generate.call(inputs);
  }
}

/** A Nest provider with its own Nest dependency, handed to programs as their retriever. */
@Injectable()
export class Glossary {
  readonly terms: Record<string, string> = { bm25: 'a keyword ranking function', lm: 'a language model' };
}

@Injectable()
export class GlossaryRetriever implements Retriever {
  constructor(private readonly glossary: Glossary) {}
  async retrieve(query: string): Promise<Passage[]> {
    return Object.entries(this.glossary.terms)
      .filter(([term]) => query.toLowerCase().includes(term))
      .map(([term, text]) => ({ id: term, text, score: 1 }));
  }
}

@NestModule({ providers: [Glossary, GlossaryRetriever], exports: [Glossary, GlossaryRetriever] })
export class GlossaryModule {}

/** Retrieves through an Inversify token fed from Nest (`collaborators`). */
@Module()
export class DefineTerm extends Program<{ term: string }> {
  readonly define = new Predict('context, term -> definition');
  constructor(@inject(RETRIEVER) readonly kb: Retriever) {
    super();
  }
  async forward({ term }: { term: string }) {
    const context = (await this.kb.retrieve(term)).map((p) => p.text).join('\n');
    return this.define.call({ context, term });
  }
}

/** Takes a Nest provider by class: resolved from Nest's injector with no configuration. */
@Module()
export class CountTerms extends Program<{ question: string }> {
  readonly generate = new Predict('question -> answer');
  constructor(readonly glossary: Glossary) {
    super();
  }
  async forward(inputs: { question: string }) {
    return this.generate.call(inputs);
  }
}

/** Different predictors from QA: a QA state file does not fit it. */
@Module()
export class Classify extends Program<{ text: string }> {
  readonly classify = new Predict('text -> label');
  forward(inputs: { text: string }) {
    return this.classify.call(inputs);
  }
}
