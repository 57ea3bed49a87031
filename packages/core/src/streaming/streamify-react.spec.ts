import { ReAct } from '@dspy-ts/core';
import { Tool } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { collect, fieldTexts, streamify } from '../../test/helpers/streaming-fixtures';

// DSPy #8454 / #8736: listeners only worked with a bare Predict and broke in ReAct's loop.
describe('streamify(ReAct)', () => {
  it('streams every step of the loop (own call id each) and the extraction', async () => {
    const search = new Tool(({ query }: { query: string }) => `${query}: Paris`, {
      name: 'search',
      args: { query: { type: 'string' } },
    });
    const agent = new ReAct('question -> answer', { tools: [search], maxIters: 4 });
    agent.setLm(
      new DummyLM([
        { next_thought: 'I should search.', next_tool_name: 'search', next_tool_args: { query: 'capital of France' } },
        { next_thought: 'I know it now.', next_tool_name: 'finish', next_tool_args: {} },
        { reasoning: 'The search said Paris.', answer: 'Paris' },
      ]),
    );
    const events = await collect(
      streamify(agent, { fields: ['next_thought', 'next_tool_name', 'answer'] })({ question: 'Capital of France?' }),
    );
    expect(fieldTexts(events)).toEqual({
      'react#1/next_thought': 'I should search.',
      'react#1/next_tool_name': 'search',
      'react#2/next_thought': 'I know it now.',
      'react#2/next_tool_name': 'finish',
      'extract.predict#3/answer': 'Paris',
    });
    const last = events.at(-1)!;
    expect(last.type === 'prediction' && (last.prediction as { answer: string }).answer).toBe('Paris');
  });
});
