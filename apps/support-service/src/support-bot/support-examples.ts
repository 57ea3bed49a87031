import { readFileSync } from 'node:fs';
import { Example } from '@dspy-ts/core';
import { PATHS } from '../paths';

/** One shipped support Q&A pair: the customer's message, a good reply, the articles it rests on. */
export interface SupportQa {
  readonly question: string;
  readonly answer: string;
  readonly article_ids: readonly string[];
}

/**
 * The shipped Q&A pairs as examples (input: `question`), split deterministically: every third
 * pair is held out for evaluation, the rest is the trainset the compile script draws demos from.
 *
 * @example
 * const { trainset, devset } = supportExamples();
 */
export function supportExamples(path: string = PATHS.supportQa): {
  trainset: Example<SupportQa>[];
  devset: Example<SupportQa>[];
} {
  const pairs = JSON.parse(readFileSync(path, 'utf8')) as SupportQa[];
  const examples = pairs.map((p) => new Example<SupportQa>(p).withInputs('question'));
  return {
    trainset: examples.filter((_, i) => i % 3 !== 2),
    devset: examples.filter((_, i) => i % 3 === 2),
  };
}
