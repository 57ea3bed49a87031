import { REAL_MODEL_TIMEOUT_MS, requireRealModel } from '../test/real-model';
import { LlamaCppEmbedder } from './llama-cpp-embedder';
import { disposeLlamaCpp } from './llama-engine';

jest.setTimeout(REAL_MODEL_TIMEOUT_MS);

describe('LlamaCppEmbedder on the real embedded model', () => {
  afterAll(() => disposeLlamaCpp());

  it('returns one vector per text, of the model width, in order', async () => {
    const embedder = new LlamaCppEmbedder({ modelPath: requireRealModel(), cache: false });
    const [a, b, a2] = await embedder.embed([
      'The cat sat on the mat.',
      'Stock prices fell sharply.',
      'The cat sat on the mat.',
    ]);
    expect(a!.length).toBeGreaterThan(100);
    expect(b).toHaveLength(a!.length);
    expect(a!.some((x) => x !== 0)).toBe(true);
    expect(a2).toEqual(a);
    expect(b).not.toEqual(a);
  });
});
