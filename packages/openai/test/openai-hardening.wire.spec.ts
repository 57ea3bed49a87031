// Issue 14: secrets never leak, every transient failure is retried (garbled bodies, hung
// attempts), and a reset connection is named as one. Real client against the fake server.
import { inspect } from 'node:util';
import { DspyError } from '@dspy-ts/core';
import { FakeOpenAIServer } from '@dspy-ts/testing';
import { OpenAICompatibleLM } from '../src';

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

describe('OpenAICompatibleLM hardening', () => {
  let server: FakeOpenAIServer;
  beforeEach(async () => {
    server = await new FakeOpenAIServer().start();
  });
  afterEach(() => server.close());

  it('sends credentials in the URL as a Basic Authorization header and never shows the password', async () => {
    const url = server.baseURL.replace('http://', `http://admin:${PASSWORD}@`);
    const lm = new OpenAICompatibleLM({ model: 'm', baseURL: url, cache: false, retry: false });
    const res = await lm.call(Q);
    expect(res.outputs[0]!.text).toBe('ok');
    expect(server.lastRequest.headers.authorization).toBe(
      `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
    );
    expect(inspect(lm, { depth: 10 })).not.toContain(PASSWORD);
    expect(JSON.stringify(lm)).not.toContain(PASSWORD);
    expect(lm.baseURL).not.toContain(PASSWORD);
    server.failNext({ status: 400, body: { error: { message: `bad auth admin:${PASSWORD}` } } });
    const err = await failure(lm.call(Q));
    expect(err.message).not.toContain(PASSWORD);
    expect(inspect(err, { depth: 10 })).not.toContain(PASSWORD);
  });

  it('redacts every configured header value a server echoes (Azure api-key, bearer tokens)', async () => {
    const lm = new OpenAICompatibleLM({
      model: 'm',
      baseURL: server.baseURL,
      headers: { 'api-key': 'azure-KEY-0123456789', 'x-proxy-token': 'Bearer proxy-TOKEN-987' },
      cache: false,
      retry: false,
    });
    server.failNext({
      status: 401,
      body: { error: { message: 'invalid api-key azure-KEY-0123456789 and token proxy-TOKEN-987' } },
    });
    const err = await failure(lm.call(Q));
    expect(err.message).toContain('[redacted]');
    expect(err.message).not.toContain('azure-KEY');
    expect(err.message).not.toContain('proxy-TOKEN');
    expect(inspect(lm, { depth: 10 })).not.toContain('azure-KEY');
  });

  it('retries a 200 whose body is not JSON', async () => {
    const lm = new OpenAICompatibleLM({
      model: 'm',
      baseURL: server.baseURL,
      cache: false,
      retry: { initialDelayMs: 1 },
    });
    server.failNext({ kind: 'garbled' });
    await expect(lm.call(Q)).resolves.toMatchObject({ outputs: [{ text: 'ok' }] });
    expect(server.requests).toHaveLength(2);
  });

  it('cancels and retries an attempt that hangs, within the call deadline', async () => {
    const lm = new OpenAICompatibleLM({
      model: 'm',
      baseURL: server.baseURL,
      cache: false,
      timeoutMs: 5_000,
      retry: { initialDelayMs: 1, attemptTimeoutMs: 200 },
    });
    server.failNext({ kind: 'hang' });
    const started = Date.now();
    await expect(lm.call(Q)).resolves.toMatchObject({ outputs: [{ text: 'ok' }] });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(2);
  });

  it('a stream whose first token never comes is cancelled and retried', async () => {
    const lm = new OpenAICompatibleLM({
      model: 'm',
      baseURL: server.baseURL,
      cache: false,
      timeoutMs: 5_000,
      retry: { initialDelayMs: 1, attemptTimeoutMs: 200 },
    });
    server.failNext({ kind: 'hang' });
    let text = '';
    for await (const ev of lm.stream(Q)) if (ev.type === 'delta') text += ev.text;
    expect(text).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('an attempt timeout that never recovers fails as LM_TIMEOUT after the retries', async () => {
    const lm = new OpenAICompatibleLM({
      model: 'm',
      baseURL: server.baseURL,
      cache: false,
      timeoutMs: 5_000,
      retry: { initialDelayMs: 1, attemptTimeoutMs: 100, maxRetries: 2 },
    });
    server.failNext({ kind: 'hang' }, 3);
    const err = await failure(lm.call(Q));
    expect(err.code).toBe('LM_TIMEOUT');
    expect(err.message).toMatch(/attempt timeout of 100 ms/);
    expect(server.requests).toHaveLength(3);
  });

  it('names a TCP reset mid-request as a reset, not as "could not connect", and retries it', async () => {
    const lm = new OpenAICompatibleLM({ model: 'm', baseURL: server.baseURL, cache: false, retry: false });
    server.failNext({ kind: 'reset' });
    const err = await failure(lm.call(Q));
    expect(err.code).toBe('LM_CONNECTION');
    expect(err.message).not.toMatch(/Could not connect/);
    expect(err.message).toMatch(/reset or closed/);
    const retrying = new OpenAICompatibleLM({
      model: 'm',
      baseURL: server.baseURL,
      cache: false,
      retry: { initialDelayMs: 1 },
    });
    server.failNext({ kind: 'reset' });
    await expect(retrying.call(Q)).resolves.toMatchObject({ outputs: [{ text: 'ok' }] });
  });

  it('a refused connection still says it could not connect', async () => {
    const url = server.baseURL;
    await server.close();
    const lm = new OpenAICompatibleLM({ model: 'm', baseURL: url, cache: false, retry: false });
    const err = await failure(lm.call(Q));
    expect(err.message).toMatch(/Could not connect/);
  });
});
