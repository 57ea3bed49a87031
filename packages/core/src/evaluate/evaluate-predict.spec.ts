import { BaseLM } from '../lm/base-lm';
import type { LmCapabilities, LmResponse } from '../lm/language-model';
import { messageText, type ChatMessage } from '../lm/messages';
import { Predict } from '../modules/predict';
import { Example } from '../primitives/example';
import { Evaluate } from './evaluate';
import { answerExactMatch } from './answer-metrics';

/**
 * DummyLM's dict mode (reference §4.2): the first key found in the last message picks the reply,
 * rendered as ChatAdapter fields. Local until @dspy-ts/testing's DummyLM lands.
 */
class DictLM extends BaseLM {
  readonly capabilities: LmCapabilities = { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: false, images: false };

  constructor(private readonly answers: Record<string, Record<string, string>>) {
    super('dummy');
  }

  protected async forward(messages: readonly ChatMessage[]): Promise<LmResponse> {
    const last = messageText(messages[messages.length - 1]!);
    const hit = Object.keys(this.answers).find((k) => last.includes(k));
    const text = hit ? Object.entries(this.answers[hit]!).map(([f, v]) => `[[ ## ${f} ## ]]\n${v}`).join('\n\n') : 'No more responses';
    return { model: 'dummy', outputs: [{ text }], usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } };
  }
}
const dictLm = (answers: Record<string, Record<string, string>>) => new DictLM(answers);

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
    expect(result.totals.lmCalls).toBe(2);
  });

  it('scores 0.0 with wrong answers', async () => {
    const program = new Predict('question -> answer');
    program.lm = dictLm({ 'What is 1+1?': { answer: '0' }, 'What is 2+2?': { answer: '0' } });
    expect((await new Evaluate({ devset, metric: answerExactMatch, progress: false }).run(program)).score).toBe(0);
  });
});
