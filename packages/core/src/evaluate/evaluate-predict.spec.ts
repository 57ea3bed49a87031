import { ScriptedLM } from '../testing';
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
    expect(result.totals).toMatchObject({ lmCalls: 2, tokens: { totalTokens: 30 } });
    expect(result.rows[0]!.usage).toEqual({ scripted: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } });
  });

  it('scores 0.0 with wrong answers', async () => {
    const program = new Predict('question -> answer');
    program.lm = dictLm({ 'What is 1+1?': { answer: '0' }, 'What is 2+2?': { answer: '0' } });
    expect((await new Evaluate({ devset, metric: answerExactMatch, progress: false }).run(program)).score).toBe(0);
  });
});
