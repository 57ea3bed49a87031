import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { DspyError, LmCache, type LmStreamEvent, trackUsage } from '@dspy-ts/core';
import { OllamaLM } from '../src';
import { FakeOllamaServer } from '@dspy-ts/testing';

const schema = {
  type: 'object',
  properties: { answer: { type: 'string' }, confidence: { type: 'string', enum: ['low', 'high'] } },
  required: ['answer', 'confidence'],
};

describe('OllamaLM on the real ollama client against a fake /api/chat', () => {
  let server: FakeOllamaServer;
  const lmFor = (extra: Partial<ConstructorParameters<typeof OllamaLM>[0]> = {}) =>
    new OllamaLM({ model: 'llama3.2', host: server.url, cache: false, retry: { initialDelayMs: 1 }, ...extra });

  beforeEach(async () => {
    server = await new FakeOllamaServer({ models: ['llama3.2', 'nomic-embed-text'] }).start();
  });
  afterEach(() => server.close());

  it('sends the exact native body: format schema, mapped options, keep_alive, stream:false', async () => {
    server.script.enqueue({ content: '{"answer":"Paris","confidence":"high"}', promptTokens: 21, completionTokens: 9 });
    const lm = lmFor({ keepAlive: '5m', numCtx: 4096 });
    const res = await lm.call(
      [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'q?' },
      ],
      {
        temperature: 0,
        maxTokens: 128,
        seed: 1,
        topP: 0.9,
        stop: ['\n\n'],
        responseFormat: { type: 'json_schema', name: 'QA', schema },
      },
    );
    expect(server.requests).toHaveLength(1);
    expect(server.lastRequest.path).toBe('/api/chat');
    expect(server.lastRequest.headers['user-agent']).toMatch(/^ollama-js\/0\.6\.4/);
    expect(server.lastRequest.body).toEqual({
      model: 'llama3.2',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'q?' },
      ],
      format: schema,
      options: { temperature: 0, num_predict: 128, seed: 1, top_p: 0.9, stop: ['\n\n'], num_ctx: 4096 },
      keep_alive: '5m',
      stream: false,
    });
    expect(res).toEqual({
      model: 'ollama/llama3.2',
      outputs: [{ text: '{"answer":"Paris","confidence":"high"}', finishReason: 'stop' }],
      usage: { promptTokens: 21, completionTokens: 9, totalTokens: 30 },
    });
  });

  it('maps json_object to format "json", think and provider extras, and omits empty options', async () => {
    const lm = lmFor({ think: true });
    await lm.call([{ role: 'user', content: 'x' }]);
    expect(server.lastRequest.body).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'x' }],
      think: true,
      stream: false,
    });
    await lm.call([{ role: 'user', content: 'x' }], {
      responseFormat: { type: 'json_object' },
      extra: { top_k: 20, options: { repeat_penalty: 1.1 } },
    });
    expect(server.lastRequest.body).toMatchObject({ format: 'json', options: { top_k: 20, repeat_penalty: 1.1 } });
  });

  it('returns thinking as reasoning and native tool calls; sends tools, tool calls and tool results', async () => {
    server.script.enqueue({
      content: '',
      thinking: 'Need weather.',
      toolCalls: [{ name: 'get_weather', args: { city: 'Paris' } }],
    });
    const lm = lmFor();
    const tools = [
      {
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    const res = await lm.call(
      [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: '', toolCalls: [{ name: 'get_weather', args: { city: 'Rome' } }] },
        { role: 'tool', content: 'sunny', name: 'get_weather', toolCallId: 'x' },
      ],
      { tools },
    );
    expect(res.outputs[0]).toEqual({
      text: '',
      reasoning: 'Need weather.',
      toolCalls: [{ name: 'get_weather', args: { city: 'Paris' } }],
      finishReason: 'tool_calls',
    });
    expect(server.lastRequest.body.tools).toEqual([{ type: 'function', function: tools[0] }]);
    expect(server.lastRequest.body.messages).toEqual([
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Rome' } } }],
      },
      { role: 'tool', content: 'sunny', tool_name: 'get_weather' },
    ]);
  });

  it('sends image parts as base64 images (data: URLs and raw base64)', async () => {
    await lmFor().call([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this? ' },
          { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
          { type: 'image', base64: 'R0lGODlh' },
        ],
      },
    ]);
    expect(server.lastRequest.body.messages).toEqual([
      { role: 'user', content: 'What is this? ', images: ['iVBORw0KGgo=', 'R0lGODlh'] },
    ]);
  });

  it('n > 1 issues n requests (seed + i) and sums usage', async () => {
    server.script.enqueue(
      { content: 'a', promptTokens: 5, completionTokens: 1 },
      { content: 'b', promptTokens: 5, completionTokens: 1 },
      { content: 'c', promptTokens: 5, completionTokens: 1 },
    );
    const res = await lmFor().call([{ role: 'user', content: 'x' }], { n: 3, seed: 10, temperature: 0.7 });
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => r.body.options.seed).sort()).toEqual([10, 11, 12]);
    expect(server.requests.every((r) => !('n' in r.body))).toBe(true);
    expect(res.outputs.map((o) => o.text).sort()).toEqual(['a', 'b', 'c']);
    expect(res.usage).toEqual({ promptTokens: 15, completionTokens: 3, totalTokens: 18 });
  });

  it('streams NDJSON deltas with stream:true and builds the final response with usage', async () => {
    server.chunkSize = 3;
    server.script.enqueue({ content: 'Hello there', thinking: 'hmm', promptTokens: 7, completionTokens: 4 });
    const lm = lmFor();
    const events: LmStreamEvent[] = [];
    for await (const e of lm.stream([{ role: 'user', content: 'hi' }], { temperature: 0 })) events.push(e);
    expect(server.lastRequest.body).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      options: { temperature: 0 },
      stream: true,
    });
    expect(events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text)).toEqual([
      'Hel',
      'lo ',
      'the',
      're',
    ]);
    expect(events.at(-1)).toEqual({
      type: 'done',
      response: {
        model: 'ollama/llama3.2',
        outputs: [{ text: 'Hello there', reasoning: 'hmm', finishReason: 'stop' }],
        usage: { promptTokens: 7, completionTokens: 4, totalTokens: 11 },
      },
    });
    expect(lm.history.entries).toHaveLength(1);
  });

  it('a mid-stream error line becomes a typed LmError', async () => {
    const lm = lmFor({ retry: false });
    const streamErr = jest.spyOn(server as any, 'handle').mockImplementationOnce(async (_req: unknown, res: any) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(
        JSON.stringify({ model: 'llama3.2', message: { role: 'assistant', content: 'par' }, done: false }) + '\n',
      );
      res.end(JSON.stringify({ error: 'model runner has unexpectedly stopped' }) + '\n');
    });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of lm.stream([{ role: 'user', content: 'x' }])) if (e.type === 'delta') seen.push(e.text);
    })().catch((e) => e);
    expect(seen).toEqual(['par']);
    expect(DspyError.is(err, 'LM_ERROR')).toBe(true);
    expect(err.message).toMatch(/model runner has unexpectedly stopped/);
    streamErr.mockRestore();
  });

  it('counts usage per call, per program run (trackUsage) and per LM; cache hits count nothing', async () => {
    server.script.respondWith({ content: 'ok', promptTokens: 10, completionTokens: 2 });
    const lm = lmFor({ cache: new LmCache({ disk: false }) });
    const { usage } = await trackUsage(async () => {
      await lm.call([{ role: 'user', content: 'a' }]);
      await lm.call([{ role: 'user', content: 'a' }]);
      await lm.call([{ role: 'user', content: 'b' }]);
    });
    expect(server.requests).toHaveLength(2);
    expect(usage.byModelName()).toEqual({
      'ollama/llama3.2': { promptTokens: 20, completionTokens: 4, totalTokens: 24 },
    });
    expect([usage.calls, usage.cacheHits]).toEqual([2, 1]);
    expect(lm.usage.total().totalTokens).toBe(24);
  });
});

describe('OllamaLM errors users can act on', () => {
  let server: FakeOllamaServer;
  beforeEach(async () => {
    server = await new FakeOllamaServer({ models: ['llama3.2'] }).start();
  });
  afterEach(() => server.close());
  const lmFor = (extra: Partial<ConstructorParameters<typeof OllamaLM>[0]> = {}) =>
    new OllamaLM({ model: 'llama3.2', host: server.url, cache: false, retry: { initialDelayMs: 1 }, ...extra });

  it('connection refused: names the host, says how to start Ollama', async () => {
    const port = server.port;
    await server.close();
    const lm = new OllamaLM({ model: 'llama3.2', host: `http://127.0.0.1:${port}`, cache: false, retry: false });
    const err = await lm.call([{ role: 'user', content: 'x' }]).catch((e) => e);
    expect(DspyError.is(err, 'LM_CONNECTION')).toBe(true);
    expect(err.message).toContain(
      `Could not connect to Ollama at http://127.0.0.1:${port}/ (ECONNREFUSED)`.replace('/ (', ' ('),
    );
    expect(err.message).toMatch(/`ollama serve`/);
  });

  it('unknown model: says `ollama pull <model>`, no retries', async () => {
    const lm = new OllamaLM({ model: 'qwen2.5:7b', host: server.url, cache: false });
    const err = await lm.call([{ role: 'user', content: 'x' }]).catch((e) => e);
    expect(DspyError.is(err, 'LM_MODEL_NOT_FOUND')).toBe(true);
    expect(err.message).toMatch(/does not have the model "qwen2\.5:7b".*Run `ollama pull qwen2\.5:7b`/);
    expect(server.requests).toHaveLength(1);
  });

  it('context overflow → LM_CONTEXT_WINDOW with the num_ctx hint', async () => {
    server.failNext({ status: 400, body: { error: 'the input length exceeds the context length' } });
    const err = await lmFor()
      .call([{ role: 'user', content: 'x' }])
      .catch((e) => e);
    expect(DspyError.is(err, 'LM_CONTEXT_WINDOW')).toBe(true);
    expect(err.message).toMatch(/raise the context with `numCtx`/);
  });

  it('429 with Retry-After is retried after the wait, then succeeds', async () => {
    server.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { error: 'too many requests' } });
    server.script.enqueue({ content: 'after wait' });
    const started = Date.now();
    const res = await lmFor().call([{ role: 'user', content: 'x' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(res.outputs[0]!.text).toBe('after wait');
    expect(server.requests).toHaveLength(2);
  });

  it('429 that keeps coming → LM_RATE_LIMIT after maxRetries, with retryAfterMs', async () => {
    server.failNext({ status: 429, headers: { 'retry-after-ms': '5' }, body: { error: 'slow down' } }, 3);
    const err = await lmFor({ retry: { maxRetries: 2 } })
      .call([{ role: 'user', content: 'x' }])
      .catch((e) => e);
    expect(DspyError.is(err, 'LM_RATE_LIMIT')).toBe(true);
    expect(err.retryAfterMs).toBe(5);
    expect(err.status).toBe(429);
    expect(server.requests).toHaveLength(3);
  });

  it('503 "server busy" → LM_RATE_LIMIT; 500 → LM_SERVER; both retried', async () => {
    server.failNext({
      status: 503,
      body: { error: 'server busy, please try again.  maximum pending requests exceeded' },
    });
    server.failNext({ status: 500, body: { error: 'llama runner process has terminated' } });
    server.script.enqueue({ content: 'ok' });
    const res = await lmFor().call([{ role: 'user', content: 'x' }]);
    expect(res.outputs[0]!.text).toBe('ok');
    server.failNext({ status: 503, body: { error: 'server busy' } }, 5);
    const err = await lmFor({ retry: { maxRetries: 1, initialDelayMs: 1 } })
      .call([{ role: 'user', content: 'y' }])
      .catch((e) => e);
    expect(err.code).toBe('LM_RATE_LIMIT');
    expect(err.message).toMatch(/OLLAMA_NUM_PARALLEL/);
  });

  it('a dropped connection is retried', async () => {
    server.failNext({ kind: 'drop' });
    const res = await lmFor().call([{ role: 'user', content: 'x' }]);
    expect(res.outputs[0]!.text).toBe('ok');
    expect(server.requests).toHaveLength(2);
  });

  it('times out a non-streaming call that never answers (the client alone cannot)', async () => {
    server.failNext({ kind: 'hang' });
    const started = Date.now();
    const err = await lmFor()
      .call([{ role: 'user', content: 'x' }], { timeoutMs: 150 })
      .catch((e) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(DspyError.is(err, 'LM_TIMEOUT')).toBe(true);
    expect(err.message).toMatch(/Ollama did not answer for ollama\/llama3\.2 within 150 ms/);
  });

  it('cancels an in-flight call with the caller signal', async () => {
    server.latencyMs = 5_000;
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await lmFor()
      .call([{ role: 'user', content: 'x' }], { signal: ac.signal })
      .catch((e) => e);
    expect(DspyError.is(err, 'LM_ABORTED')).toBe(true);
  });

  it('times out a stream that stalls after its first chunk', async () => {
    server.chunkSize = 2;
    server.chunkDelayMs = 2_000;
    server.script.enqueue({ content: 'abcdef' });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const e of lmFor().stream([{ role: 'user', content: 'x' }], { timeoutMs: 200 }))
        if (e.type === 'delta') seen.push(e.text);
    })().catch((e) => e);
    expect(seen).toEqual(['ab']);
    expect(DspyError.is(err, 'LM_TIMEOUT')).toBe(true);
  });

  it('custom headers (e.g. a proxy token) are sent but never shown, logged or cached', async () => {
    const secret = 'proxy-token-SECRET-987654321';
    const dir = mkdtempSync(join(tmpdir(), 'ollama-leak-'));
    const cache = new LmCache({ dir });
    const lm = new OllamaLM({
      model: 'llama3.2',
      host: server.url,
      headers: { authorization: `Bearer ${secret}` },
      cache,
    });
    await lm.call([{ role: 'user', content: 'x' }]);
    expect(server.lastRequest.headers.authorization).toBe(`Bearer ${secret}`);
    server.failNext({ status: 401, body: { error: 'unauthorized' } });
    const err = await lm.call([{ role: 'user', content: 'y' }], { cache: false }).catch((e) => e);
    expect(err.code).toBe('LM_AUTH');
    cache.close();
    const texts = [
      JSON.stringify(lm),
      inspect(lm, { depth: 10, showHidden: true }),
      lm.inspectHistory(5, { print: false }),
      err.message,
      ...readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')),
    ];
    for (const t of texts) expect(t).not.toContain(secret);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads OLLAMA_HOST when no host is given', () => {
    const old = process.env.OLLAMA_HOST;
    process.env.OLLAMA_HOST = '10.0.0.5';
    try {
      expect(new OllamaLM({ model: 'llama3.2' }).host).toBe('http://10.0.0.5:11434');
    } finally {
      if (old === undefined) delete process.env.OLLAMA_HOST;
      else process.env.OLLAMA_HOST = old;
    }
  });
});
