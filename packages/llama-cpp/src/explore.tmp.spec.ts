import { ChainOfThought, JSONAdapter, Predict, configure } from '@dspy-ts/core';
import { LlamaCppLM } from './llama-cpp-lm';
import { disposeLlamaCpp } from './llama-engine';
jest.setTimeout(120000);
afterAll(() => disposeLlamaCpp());
it('explore', async () => {
  const lm = new LlamaCppLM({ cache: false, temperature: 0 });
  configure({ lm });
  const qa = new Predict('question -> answer');
  const p = await qa.call({ question: 'What is the capital of France?' });
  console.log('predict', JSON.stringify(p), lm.history.entries.length, JSON.stringify(lm.history.entries.map(e => e.response.outputs[0]?.text)));
  const typed = new Predict('question -> answer: str, confidence: float, is_sure: bool');
  const p2 = await typed.call({ question: 'What is the capital of France?' }, { adapter: new JSONAdapter() });
  console.log('json', JSON.stringify(p2), JSON.stringify(lm.history.entries.at(-1)?.response.outputs[0]?.text));
  const cot = new ChainOfThought('question -> answer');
  const p3 = await cot.call({ question: 'What is 7 + 5?' });
  console.log('cot', JSON.stringify(p3), JSON.stringify(lm.history.entries.slice(-2).map(e => e.response.outputs[0]?.text)));
  console.log(lm.inspectHistory(1));
});
