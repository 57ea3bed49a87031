import { OpenAICompatibleEmbedder } from '../src';
import { FakeOpenAIServer } from '@dspy-ts/testing';

describe('OpenAICompatibleEmbedder', () => {
  let server: FakeOpenAIServer;
  beforeEach(async () => {
    server = await new FakeOpenAIServer({ apiKey: 'k-123456' }).start();
  });
  afterEach(() => server.close());

  it('posts batches to {baseURL}/embeddings and returns vectors in input order', async () => {
    const embedder = new OpenAICompatibleEmbedder({
      model: 'text-embedding-3-small',
      baseURL: server.baseURL,
      apiKey: 'k-123456',
      batchSize: 2,
      dimensions: 4,
      cache: false,
    });
    const vectors = await embedder.embed(['a', 'b', 'c']);
    expect(vectors).toHaveLength(3);
    expect(vectors.every((v) => v.length === 4)).toBe(true);
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/embeddings', '/v1/embeddings']);
    expect(server.requests.map((r) => r.body).sort((a, b) => a.input.length - b.input.length)).toEqual([
      { model: 'text-embedding-3-small', input: ['c'], encoding_format: 'float', dimensions: 4 },
      { model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float', dimensions: 4 },
    ]);
    expect((await embedder.embed(['b']))[0]).toEqual(vectors[1]);
  });
});
