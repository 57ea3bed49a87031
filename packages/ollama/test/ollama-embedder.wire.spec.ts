import { DspyError, LmCache } from '@dspy-ts/core';
import { OllamaEmbedder } from '../src';
import { FakeOllamaServer } from '@dspy-ts/testing';

describe('OllamaEmbedder on /api/embed', () => {
  let server: FakeOllamaServer;
  beforeEach(async () => {
    server = await new FakeOllamaServer({ models: ['nomic-embed-text'] }).start();
  });
  afterEach(() => server.close());

  it('batches texts, keeps order, and sends the exact body', async () => {
    const embedder = new OllamaEmbedder({
      model: 'nomic-embed-text',
      host: server.url,
      batchSize: 2,
      truncate: true,
      modelOptions: { num_ctx: 2048 },
      cache: false,
    });
    const texts = ['a', 'b', 'c', 'd', 'e'];
    const vectors = await embedder.embed(texts);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => r.body.input).sort()).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(server.requests[0]!.body).toEqual({
      model: 'nomic-embed-text',
      input: expect.any(Array),
      truncate: true,
      options: { num_ctx: 2048 },
    });
    const single = await embedder.embed(['c']);
    expect(vectors[2]).toEqual(single[0]);
    expect(vectors).toHaveLength(5);
  });

  it('caches per text: only new texts are sent', async () => {
    const embedder = new OllamaEmbedder({
      model: 'nomic-embed-text',
      host: server.url,
      cache: new LmCache({ disk: false }),
    });
    const first = await embedder.embed(['x', 'y']);
    const second = await embedder.embed(['y', 'z', 'x']);
    expect(server.requests.map((r) => r.body.input)).toEqual([['x', 'y'], ['z']]);
    expect(second[0]).toEqual(first[1]);
    expect(second[2]).toEqual(first[0]);
  });

  it('unknown embedding model → LM_MODEL_NOT_FOUND with the pull command', async () => {
    const embedder = new OllamaEmbedder({ model: 'mxbai-embed-large', host: server.url, cache: false });
    const err = await embedder.embed(['x']).catch((e) => e);
    expect(DspyError.is(err, 'LM_MODEL_NOT_FOUND')).toBe(true);
    expect(err.message).toMatch(/ollama pull mxbai-embed-large/);
  });

  it('retries 5xx and times out hung batches', async () => {
    server.failNext({ status: 500, body: { error: 'boom' } });
    const embedder = new OllamaEmbedder({
      model: 'nomic-embed-text',
      host: server.url,
      cache: false,
      retry: { initialDelayMs: 1 },
    });
    expect(await embedder.embed(['x'])).toHaveLength(1);
    server.failNext({ kind: 'hang' });
    const err = await embedder.embed(['y'], { timeoutMs: 100 }).catch((e) => e);
    expect(DspyError.is(err, 'LM_TIMEOUT')).toBe(true);
  });
});
