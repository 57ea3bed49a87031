import { ChainOfThought, createContainer, LM, Module, Predict, Program, withSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';

@Module({ description: 'Rewrites a question into a search query, then answers it.' })
class QueryThenAnswer extends Program<{ question: string }> {
  readonly rewrite = new Predict('question -> query');
  readonly answer = new ChainOfThought('question, query -> answer');

  async forward({ question }: { question: string }) {
    const { query } = await this.rewrite.call({ question });
    return this.answer.call({ question, query });
  }
}

describe('a two-predictor @Module resolved from the container', () => {
  it('runs on the rebound DummyLM and names its predictors as DSPy', async () => {
    const container = createContainer({ lm: new DummyLM([{ query: 'unused' }]) });
    container.rebindSync(LM).toConstantValue(
      new DummyLM({
        'question ## ]]\nWhere is Paris?\n\nRespond': { query: 'Paris location' },
        'query ## ]]\nParis location': { reasoning: 'Paris is in France.', answer: 'France' },
      }),
    );
    const program = container.get(QueryThenAnswer);
    expect(program.namedPredictors().map(([n]) => n)).toEqual(['rewrite', 'answer.predict']);
    const prediction = await program.call({ question: 'Where is Paris?' });
    expect(prediction.answer).toBe('France');
    expect(prediction.reasoning).toBe('Paris is in France.');
  });

  it('keeps 50 concurrent runs, each under its own withSettings LM, apart', async () => {
    const container = createContainer({ lm: new DummyLM([]) });
    const program = container.get(QueryThenAnswer);
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const lm = new DummyLM([{ query: `query-${i}` }, { reasoning: `because ${i}`, answer: `answer-${i}` }]);
        // Stagger the tasks so their LM calls interleave.
        await new Promise((r) => setTimeout(r, (i * 7) % 11));
        const prediction = await withSettings({ lm }, () => program.call({ question: `question ${i}` }));
        return { i, prediction, lm };
      }),
    );
    for (const { i, prediction, lm } of results) {
      expect(prediction.answer).toBe(`answer-${i}`);
      expect(prediction.reasoning).toBe(`because ${i}`);
      expect(lm.history.entries).toHaveLength(2);
      // the second call saw this task's own query in its prompt
      const lastUser = lm.history.entries[1]!.messages.at(-1)!.content as string;
      expect(lastUser).toContain(`query-${i}`);
    }
  });
});
