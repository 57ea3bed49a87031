import { FakeOllamaServer } from './fake-ollama-server';
import { FakeOpenAIServer } from './fake-openai-server';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const json = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

describe('FakeOllamaServer', () => {
  let server: FakeOllamaServer;
  beforeEach(async () => {
    server = await new FakeOllamaServer({ models: ['llama3.2'] }).start();
  });
  afterEach(() => server.close());

  it('listens on 127.0.0.1 and records method, path, headers and parsed body', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post(
      `${server.url}/api/chat`,
      { model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: false },
      { 'x-test': 'yes' },
    );
    const body = await json(res);
    expect(body).toMatchObject({
      model: 'llama3.2',
      message: { role: 'assistant', content: 'ok' },
      done: true,
      done_reason: 'stop',
    });
    expect(server.lastRequest).toMatchObject({
      method: 'POST',
      path: '/api/chat',
      body: { model: 'llama3.2', stream: false },
    });
    expect(server.lastRequest.headers['x-test']).toBe('yes');
  });

  it('plays scripted replies in order, then the responder', async () => {
    server.script
      .enqueue({ content: 'one', promptTokens: 5, completionTokens: 1 })
      .respondWith((req) => ({ content: `echo ${req.body.messages[0].content}` }));
    const a = await json(
      post(`${server.url}/api/chat`, { model: 'llama3.2', messages: [{ role: 'user', content: 'x' }] }),
    );
    const b = await json(
      post(`${server.url}/api/chat`, { model: 'llama3.2', messages: [{ role: 'user', content: 'y' }] }),
    );
    expect([a.message.content, a.prompt_eval_count, a.eval_count]).toEqual(['one', 5, 1]);
    expect(b.message.content).toBe('echo y');
  });

  it('streams NDJSON chunks ending with done:true', async () => {
    server.chunkSize = 4;
    server.script.enqueue({ content: 'Hello world' });
    const text = await (await post(`${server.url}/api/chat`, { model: 'llama3.2', messages: [], stream: true })).text();
    const lines: any[] = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.message.content)).toEqual(['Hell', 'o wo', 'rld', '']);
    expect(lines.at(-1)).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('answers unknown models like Ollama, and scripted failures with status and headers', async () => {
    const missing = await post(`${server.url}/api/chat`, { model: 'nope', messages: [] });
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ error: 'model "nope" not found, try pulling it first' });
    server.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow down' } });
    const limited = await post(`${server.url}/api/chat`, { model: 'llama3.2', messages: [] });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
    expect((await post(`${server.url}/api/chat`, { model: 'llama3.2', messages: [] })).status).toBe(200);
  });

  it('drops connections and hangs on demand', async () => {
    server.failNext({ kind: 'drop' });
    await expect(post(`${server.url}/api/chat`, { model: 'llama3.2', messages: [] })).rejects.toThrow(/fetch failed/);
    server.failNext({ kind: 'hang' });
    await expect(
      fetch(`${server.url}/api/chat`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow(/timeout|aborted/i);
  });

  it('embeds deterministically on /api/embed', async () => {
    const a = await json(post(`${server.url}/api/embed`, { model: 'llama3.2', input: ['a', 'b'] }));
    const b = await json(post(`${server.url}/api/embed`, { model: 'llama3.2', input: 'a' }));
    expect(a.embeddings).toHaveLength(2);
    expect(b.embeddings[0]).toEqual(a.embeddings[0]);
  });

  it('delays answers by latencyMs', async () => {
    server.latencyMs = 60;
    const started = Date.now();
    await post(`${server.url}/api/chat`, { model: 'llama3.2', messages: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('FakeOpenAIServer', () => {
  let server: FakeOpenAIServer;
  beforeEach(async () => {
    server = await new FakeOpenAIServer({ apiKey: 'sk-test', models: ['gpt-4o-mini'] }).start();
  });
  afterEach(() => server.close());
  const auth = { authorization: 'Bearer sk-test' };

  it('answers chat completions with n choices and usage', async () => {
    server.script.enqueue({ content: 'a' }, { content: 'b' });
    const res = await json(
      post(
        `${server.baseURL}/chat/completions`,
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], n: 2 },
        auth,
      ),
    );
    expect(res.choices.map((c: any) => c.message.content)).toEqual(['a', 'b']);
    expect(res.usage).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
  });

  it('streams SSE deltas, a usage chunk and [DONE]', async () => {
    server.chunkSize = 3;
    server.script.enqueue({ content: 'Paris!' });
    const text = await (
      await post(
        `${server.baseURL}/chat/completions`,
        { model: 'gpt-4o-mini', messages: [], stream: true, stream_options: { include_usage: true } },
        auth,
      )
    ).text();
    const events = text.trim().split('\n\n');
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks: any[] = events.slice(0, -1).map((e) => JSON.parse(e.slice(6)));
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? null)).toEqual(['', 'Par', 'is!', null, null]);
    expect(chunks.at(-1).usage).toMatchObject({ completion_tokens: 2 });
  });

  it('rejects a wrong key with 401 and unknown models with 404 model_not_found', async () => {
    expect(
      (
        await post(
          `${server.baseURL}/chat/completions`,
          { model: 'gpt-4o-mini', messages: [] },
          { authorization: 'Bearer wrong' },
        )
      ).status,
    ).toBe(401);
    const missing = await post(`${server.baseURL}/chat/completions`, { model: 'gpt-9', messages: [] }, auth);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('model_not_found');
  });
});
