import { ChainOfThought, Example, Module, Predict, type Prediction, Program } from '@dspy-ts/core';

/** DSPy's test module: one `Predict` named `predictor`. */
@Module()
export class SimpleModule extends Program<Record<string, unknown>> {
  readonly predictor: Predict<any>;
  constructor(signature = 'input -> output') {
    super();
    this.predictor = new Predict(signature);
  }
  forward(inputs: Record<string, unknown>): Promise<Prediction<Record<string, any>>> {
    return this.predictor.call(inputs) as Promise<Prediction<Record<string, any>>>;
  }
}

/** A nested program with several predictors: a CoT inside a sub-module plus a checker. */
@Module()
export class Pipeline extends Program<{ question: string }> {
  readonly draft = new Drafter();
  readonly check = new Predict('question, draft -> answer');
  async forward({ question }: { question: string }) {
    const { answer: draft } = await this.draft.call({ question });
    return this.check.call({ question, draft });
  }
}

@Module()
export class Drafter extends Program<{ question: string }> {
  readonly think = new ChainOfThought('question -> answer');
  forward(inputs: { question: string }) {
    return this.think.call(inputs);
  }
}

/** `{ question, answer }` examples with `question` as input. */
export function qa(pairs: readonly [string, string][]): Example<{ question: string; answer: string }>[] {
  return pairs.map(([question, answer]) => new Example({ question, answer }).withInputs('question'));
}

/** Exact match on `answer`, trace-aware as optimizers call it. */
export function answerMatches(example: Example<any>, prediction: { answer?: unknown }): boolean {
  return String(example.answer) === String(prediction.answer);
}
