import { InputField, OutputField, Signature } from '@dspy-ts/core';

/*
 * DSPy's SimplifiedBaleen signatures (intro notebook), word for word. `context` is a list of
 * passages; declared as `str` as in DSPy, so adapters render it as a numbered «passage» list.
 */

/**
 * One hop's search query, written from the question and the passages found so far.
 *
 * @example
 * new ChainOfThought(GenerateSearchQuery).call({ context: [], question: 'On which river lies the town where Orbwright was founded?' });
 */
@Signature('Write a simple search query that will help answer a complex question.')
export class GenerateSearchQuery {
  @InputField({ desc: 'may contain relevant facts', type: () => String }) context!: string | readonly string[];
  @InputField() question!: string;
  @OutputField() query!: string;
}

/**
 * The final answer from the retrieved passages.
 *
 * @example
 * new ChainOfThought(GenerateAnswer).call({ context: ['Velden lies on the river Oster.'], question: 'On which river lies Velden?' });
 */
@Signature('Answer questions with short factoid answers.')
export class GenerateAnswer {
  @InputField({ desc: 'may contain relevant facts', type: () => String }) context!: string | readonly string[];
  @InputField() question!: string;
  @OutputField({ desc: 'often between 1 and 5 words' }) answer!: string;
}
