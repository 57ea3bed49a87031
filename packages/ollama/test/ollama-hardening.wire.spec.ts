// Issue 14: secrets never leak, every transient failure is retried (garbled bodies, hung
// attempts), and a reset connection is named as one. Real `ollama` client against the fake server.
import { inspect } from 'node:util';
import { DspyError } from '@dspy-ts/core';
import { FakeOllamaServer } from '@dspy-ts/testing';
import { OllamaEmbedder, OllamaLM } from '../src';

const Q = [{ role: 'user' as const, content: 'q?' }];
const PASSWORD = 'hunter2-PASSWORD';

async function failure(p: Promise<unknown>): Promise<DspyError> {
  try {
    await p;
  } catch (err) {
    return err as DspyError;
  }
  throw new Error('expected the call to fail');
}

describe('OllamaLM hardening', () => {
  let server: FakeOllamaServer;
  beforeEach(async () => {
    server = await new FakeOllamaServer().start();
  });
  afterEach(() => server.close());

  it('sends credentials in the host URL as a Basic Authorization header and never shows the password', async () => {
    const host = server.url.replace('http://', `http://admin:${PASSWORD}@`);
    const lm = new OllamaLM({ model: 'llama3.2', host, cache: false, retry: false });
    const res = await lm.call(Q);
    expect(res.outputs[0]!.text).toBe('ok');
    expect(server.lastRequest.headers.authorization).toBe(
      `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
    );
    expect(inspect(lm, { depth: 10 })).not.toContain(PASSWORD);
    expect(inspect(lm, { depth: 10 })).not.toContain(Buffer.from(`admin:${PASSWORD}`).toString('base64'));
    expect(lm.host).not.toContain(PASSWORD);
    server.failNext({ status: 500, body: { error: `proxy says: bad login admin:${PASSWORD}` } });
    const err = await failure(lm.call(Q));
    expect(err.message).not.toContain(PASSWORD);
    expect(inspect(err, { depth: 10 })).not.toContain(PASSWORD);
    const embedder = new OllamaEmbedder({ model: 'nomic-embed-text', host, cache: false });
    await expect(embedder.embed(['a'])).resolves.toHaveLength(1);
    expect(inspect(embedder, { depth: 10 })).not.toContain(PASSWORD);
  });

  it('a refused connection with credentials in the host names the host without the password', async () => {
    const host = server.url.replace('http://', `http://admin:${PASSWORD}@`);
    await server.close();
    const lm = new OllamaLM({ model: 'llama3.2', host, cache: false, retry: false });
    const err = await failure(lm.call(Q));
    expect(err.code).toBe('LM_CONNECTION');
    expect(err.message).toMatch(/Could not connect/);
    expect(inspect(err, { depth: 10 })).not.toContain(PASSWORD);
  });

  it('redacts a bearer token from `headers` when the server echoes it', async () => {
    const lm = new OllamaLM({
      model: 'llama3.2',
      host: server.url,
      headers: { authorization: 'Bearer tok-SECRET-123456' },
      cache: false,
      retry: false,
    });
    server.failNext({ status: 403, body: { error: 'token tok-SECRET-123456 is not allowed' } });
    const err = await failure(lm.call(Q));
    expect(err.message).toContain('[redacted]');
    expect(err.message).not.toContain('tok-SECRET');
  });

  it('retries a 200 whose body is not JSON, like every other provider', async () => {
    const lm = new OllamaLM({ model: 'llama3.2', host: server.url, cache: false, retry: { initialDelayMs: 1 } });
    server.failNext({ kind: 'garbled' });
    await expect(lm.call(Q)).resolves.toMatchObject({ outputs: [{ text: 'ok' }] });
    expect(server.requestsTo('/api/chat')).toHaveLength(2);
  });

  it('the embedder retries a garbled 200 too', async () => {
    const embedder = new OllamaEmbedder({
      model: 'nomic-embed-text',
      host: server.url,
      cache: false,
      retry: { initialDelayMs: 1 },
    });
    server.failNext({ kind: 'garbled' });
    await expect(embedder.embed(['a'])).resolves.toHaveLength(1);
    expect(server.requestsTo('/api/embed')).toHaveLength(2);
  });

  it('cancels and retries an attempt that hangs, within the call deadline', async () => {
    const lm = new OllamaLM({
      model: 'llama3.2',
      host: server.url,
      cache: false,
      timeoutMs: 5_000,
      retry: { initialDelayMs: 1, attemptTimeoutMs: 200 },
    });
    server.failNext({ kind: 'hang' });
    const started = Date.now();
    await expect(lm.call(Q)).resolves.toMatchObject({ outputs: [{ text: 'ok' }] });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requestsTo('/api/chat')).toHaveLength(2);
  });

  it('names a TCP reset as a reset and retries it', async () => {
    const lm = new OllamaLM({ model: 'llama3.2', host: server.url, cache: false, retry: false });
    server.failNext({ kind: 'reset' });
    const err = await failure(lm.call(Q));
    expect(err.code).toBe('LM_CONNECTION');
    expect(err.message).not.toMatch(/Could not connect/);
    const retrying = new OllamaLM({ model: 'llama3.2', host: server.url, cache: false, retry: { initialDelayMs: 1 } });
    server.failNext({ kind: 'reset' });
    await expect(retrying.call(Q)).resolves.toMatchObject({ outputs: [{ text: 'ok' }] });
  });
});
