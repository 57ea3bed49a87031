import { Example } from '@dspy-ts/core';
import { DummyVectorizer } from '../../test/helpers/dummy-vectorizer';
import { KNN, knnText } from './knn';

// Ports tests/predict/test_knn.py and test_knn_fewshot.py::test_knn_few_shot_initialization.
const mock = (question: string, answer: string) => new Example({ question, answer }).withInputs('question');
const trainset = [
  mock('What is the capital of France?', 'Paris'),
  mock('What is the largest ocean?', 'Pacific'),
  mock('What is 2+2?', '4'),
];

describe('KNN (DSPy test_knn.py)', () => {
  const knn = new KNN(2, trainset, new DummyVectorizer());

  it('keeps k and embeds every train example once (test_knn_initialization)', async () => {
    expect(knn.k).toBe(2);
    expect(knn.trainset).toHaveLength(3);
    const vectors = await knn.trainVectors();
    expect(vectors).toHaveLength(3);
    expect(await knn.trainVectors()).toBe(vectors);
  });

  it('finds the nearest example first (test_knn_query)', async () => {
    const nearest = await knn.retrieve({ question: 'What is 3+3?' });
    expect(nearest).toHaveLength(2);
    expect(nearest[0]!.answer).toBe('4');
  });

  it('finds the related example among the k (test_knn_query_specificity)', async () => {
    const nearest = await knn.retrieve({ question: 'What is the capital of Germany?' });
    expect(nearest).toHaveLength(2);
    expect(nearest.map((e) => e.answer)).toContain('Paris');
  });
});

describe('KNN', () => {
  it('embeds only input fields, as `key: value | key: value`', async () => {
    const seen: string[] = [];
    const embedder = {
      model: 'spy',
      embed: async (texts: readonly string[]) => (seen.push(...texts), texts.map(() => [1, 0])),
    };
    await new KNN(1, [new Example({ a: 'x', b: 'y', label: 'z' }).withInputs('a', 'b')], embedder).retrieve({
      a: 'q',
      b: 'r',
    });
    expect(seen).toEqual(['a: x | b: y', 'a: q | b: r']);
    expect(knnText([['n', 3]])).toBe('n: 3');
  });

  it('needs k >= 1 and examples with input keys', () => {
    expect(() => new KNN(0, trainset, new DummyVectorizer())).toThrow(/k >= 1/);
    expect(() => new KNN(1, [new Example({ a: 1 })], new DummyVectorizer())).toThrow(/withInputs/);
  });
});
