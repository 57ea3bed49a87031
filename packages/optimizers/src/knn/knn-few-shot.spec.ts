import { configure, Example, resetSettings } from '@dspy-ts/core';
import { qa, SimpleModule } from '../../test/helpers/programs';
import { DummyVectorizer } from '../../test/helpers/dummy-vectorizer';
import { fieldOf, ScriptedLM } from '@dspy-ts/core/testing';
import { KNNFewShot } from './knn-few-shot';

afterEach(() => resetSettings());

const trainset = qa([
  ['What is the capital of France?', 'Paris'],
  ['What is the largest ocean?', 'Pacific'],
  ['What is 2+2?', '4'],
]);
const known = Object.fromEntries(trainset.map((e) => [e.question, e.answer]));
const answerOf = (e: Example<any>, p: { answer?: unknown }) => e.answer === p.answer;

describe('KNNFewShot', () => {
  it('bootstraps, per call, on the k train examples nearest to the inputs', async () => {
    const lm = new ScriptedLM((user) => ({ answer: known[fieldOf(user, 'question')] ?? 'Madrid' }));
    configure({ lm });
    const student = new SimpleModule('question -> answer');
    const { program, report } = await new KNNFewShot({
      k: 2,
      embedder: new DummyVectorizer(),
      metric: answerOf,
      maxBootstrappedDemos: 2,
    }).compile(student, { trainset });
    expect(program.compiled).toBe(true);
    expect(report.lmCalls).toBe(0); // nothing runs until a query arrives

    const prediction = await program.call({ question: 'What is the capital of Germany?' });
    expect(prediction.answer).toBe('Madrid');
    const lastPrompt = lm.history.entries
      .at(-1)!
      .messages.map((m) => String(m.content))
      .join('\n');
    expect(lastPrompt).toContain('What is the capital of France?');
    expect(lastPrompt).not.toContain('What is 2+2?'); // the farthest of the three
    expect(student.predictor.demos).toEqual([]);
    expect(program.predictor.demos).toEqual([]); // demos live per call, as DSPy
  });

  it('fails at compile time when the embedder fails, not on the first query', async () => {
    const embedder = { model: 'broken', embed: async () => Promise.reject(new Error('embedder down')) };
    await expect(
      new KNNFewShot({ k: 1, embedder }).compile(new SimpleModule('question -> answer'), { trainset }),
    ).rejects.toThrow('embedder down');
  });

  it('needs an embedder', () => {
    expect(() => new KNNFewShot({ k: 1 } as never)).toThrow(/embedder/);
  });
});
