import { ScriptedLM } from '../testing';
import { setModelPrices } from '../observability/pricing';
import { Predict } from '../modules/predict';
import { Example } from '../primitives/example';
import { answerExactMatch } from './answer-metrics';
import { Evaluate } from './evaluate';

/**
 * DummyLM's dict mode (reference §4.2): the first key found in the last message picks the reply.
 * Core cannot depend on @dspy-ts/testing, so core's ScriptedLM plays DummyLM here.
 */
const dictLm = (answers: Record<string, Record<string, string>>) =>
  new ScriptedLM((last) => {
    const hit = Object.keys(answers).find((k) => last.includes(k));
    return hit ? answers[hit]! : 'No more responses';
  });

const qa = (question: string, answer: string) => new Example({ question, answer }).withInputs('question');
const devset = [qa('What is 1+1?', '2'), qa('What is 2+2?', '4')];

// tests/evaluate/test_evaluate.py::test_evaluate_call / _wrong_answer / test_multithread_evaluate_call with a real Predict.
describe('Evaluate with Predict and a dict-mode dummy LM', () => {
  it.each([1, 2])('scores 100.0 with right answers (concurrency %i)', async (concurrency) => {
    const program = new Predict('question -> answer');
    program.lm = dictLm({ 'What is 1+1?': { answer: '2' }, 'What is 2+2?': { answer: '4' } });
    expect((await program.call({ question: 'What is 1+1?' })).answer).toBe('2');
    const result = await new Evaluate({ devset, metric: answerExactMatch, concurrency, progress: false }).run(program);
    expect(result.score).toBe(100);
    expect(result.totals).toMatchObject({ lmCalls: 2, tokens: { totalTokens: 30 }, costUsd: 0 }); // unpriced model
    expect(result.rows[0]!.usage).toEqual({ scripted: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } });
  });

  it('scores 0.0 with wrong answers', async () => {
    const program = new Predict('question -> answer');
    program.lm = dictLm({ 'What is 1+1?': { answer: '0' }, 'What is 2+2?': { answer: '0' } });
    expect((await new Evaluate({ devset, metric: answerExactMatch, progress: false }).run(program)).score).toBe(0);
  });

  it("prices the run from each row's per-model usage: priced program calls, a free local judge", async () => {
    setModelPrices({ 'eval-cost-spec-model': { inputPerMillion: 2, outputPerMillion: 10 } });
    const program = new Predict('question -> answer');
    program.lm = new ScriptedLM((last) => ({ answer: last.includes('1+1') ? '2' : '4' }), {
      model: 'openai/eval-cost-spec-model', // the provider prefix still finds the price
      usage: { promptTokens: 1000, completionTokens: 200, totalTokens: 1200 },
    });
    const judge = new ScriptedLM('yes', { model: 'llama3.2' }); // local: no price, costs 0
    const metric = async (example: Example, prediction: { answer?: unknown }) => {
      await judge.call([{ role: 'user', content: `Is ${String(prediction.answer)} right?` }]);
      return answerExactMatch(example, prediction);
    };
    const result = await new Evaluate({ devset, metric, concurrency: 2, progress: false }).run(program);
    expect(result.score).toBe(100);
    expect(Object.keys(result.rows[0]!.usage).sort()).toEqual(['llama3.2', 'openai/eval-cost-spec-model']);
    // Per row: (1000 × $2 + 200 × $10) / 1M = $0.004; the judge adds nothing.
    expect(result.totals.lmCalls).toBe(4);
    expect(result.totals.costUsd).toBeCloseTo(0.008, 12);
    expect(result.toJSON().totals.costUsd).toBeCloseTo(0.008, 12);
    expect(JSON.parse(JSON.stringify(result)).totals.costUsd).toBeCloseTo(0.008, 12);
  });
});
