import 'reflect-metadata';
import { createContainer, LM } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { kb, SupportBot } from '../src/program';

test('SupportBot resolves from the container and answers with the DummyLM', async () => {
  const container = createContainer({ lm: new DummyLM([]), retriever: kb });
  container.rebindSync(LM).toConstantValue(new DummyLM([{ reasoning: 'The passage says 5 days.', answer: '5 days' }]));
  const bot = container.get(SupportBot);
  const prediction = await bot.call({ question: 'How long do refunds take?' });
  expect(prediction.answer).toBe('5 days');
  expect(prediction.reasoning).toBe('The passage says 5 days.');
});
