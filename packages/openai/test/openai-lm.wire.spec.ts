import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { LmCache, type LmStreamEvent } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '../src';
import { FakeOpenAIServer } from '@dspy-ts/testing';

const KEY = 'sk-test-SECRET-4242424242';
const schema = {
  type: 'object',
  properties: { answer: { type: 'string' } },
  required: ['answer'],
  additionalProperties: false,
};

describe('OpenAICompatibleLM against a fake chat-completions server', () => {
  let server: FakeOpenAIServer;
  const lmFor = (extra: Partial<ConstructorParameters<typeof OpenAICompatibleLM>[0]> = {}) =>
    new OpenAICompatibleLM({
      model: 'gpt-4o-mini',
      baseURL: server.baseURL,
      apiKey: KEY,
      cache: false,
      retry: { initialDelayMs: 1 },
      ...extra,
    });

  beforeEach(async () => {
    server = await new FakeOpenAIServer({ apiKey: KEY }).start();
  });
  afterEach(() => server.close());

  it('sends the exact body: options, response_format json_schema, Authorization; maps choices and usage', async () => {
    server.script.enqueue({ content: '{"answer":"Paris"}', promptTokens: 30, completionTokens: 6 });
    const res = await lmFor().call(
      [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'q?' },
      ],
      {
        temperature: 0,
        maxTokens: 64,
        topP: 1,
        seed: 3,
        stop: ['END'],
        responseFormat: { type: 'json_schema', name: 'QA output', schema, strict: true },
      },
    );
    expect(server.lastRequest.path).toBe('/v1/chat/completions');
    expect(server.lastRequest.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(server.lastRequest.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'q?' },
      ],
      temperature: 0,
      max_tokens: 64,
      stop: ['END'],
      top_p: 1,
      seed: 3,
      response_format: { type: 'json_schema', json_schema: { name: 'QA_output', schema, strict: true } },
    });
    expect(res).toEqual({
      model: 'openai/gpt-4o-mini',
      outputs: [{ text: '{"answer":"Paris"}', finishReason: 'stop' }],
      usage: { promptTokens: 30, completionTokens: 6, totalTokens: 36 },
    });
  });

  it('baseURL as in the OpenAI SDK: the path is appended, trailing slash tolerated, no /v1 added', async () => {
    await lmFor({ baseURL: `${server.baseURL}/` }).call([{ role: 'user', content: 'x' }]);
    expect(server.lastRequest.path).toBe('/v1/chat/completions');
    const bare = new FakeOpenAIServer({ basePath: '' });
    await bare.start();
    try {
      await new OpenAICompatibleLM({ model: 'm', baseURL: bare.url, cache: false }).call([
        { role: 'user', content: 'x' },
      ]);
      expect(bare.lastRequest.path).toBe('/chat/completions');
      expect(bare.lastRequest.headers.authorization).toBeUndefined();
    } finally {
      await bare.close();
    }
  });

  it('uses max_completion_tokens for reasoning models; json_object; extra keys pass through', async () => {
    await lmFor({ model: 'o3-mini' }).call([{ role: 'user', content: 'x' }], {
      maxTokens: 100,
      responseFormat: { type: 'json_object' },
      extra: { reasoning_effort: 'low' },
    });
    expect(server.lastRequest.body).toEqual({
      model: 'o3-mini',
      messages: [{ role: 'user', content: 'x' }],
      max_completion_tokens: 100,
      response_format: { type: 'json_object' },
      reasoning_effort: 'low',
    });
  });

  it('native n, and extra requests when the server answers fewer choices', async () => {
    server.script.enqueue({ content: 'a' }, { content: 'b' });
    const res = await lmFor().call([{ role: 'user', content: 'x' }], { n: 2, temperature: 1 });
    expect(server.requests).toHaveLength(1);
    expect(server.lastRequest.body.n).toBe(2);
    expect(res.outputs.map((o) => o.text)).toEqual(['a', 'b']);

    server.clearRequests();
    const spy = jest.spyOn(server as any, 'handle').mockImplementationOnce(async (_req: unknown, res: any) => {
      (server as any).sendJson(res, 200, {
        choices: [{ index: 0, message: { role: 'assistant', content: 'only one' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    });
    const filled = await lmFor().call([{ role: 'user', content: 'y' }], { n: 3, temperature: 1 });
    expect(filled.outputs).toHaveLength(3);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.slice(1).every((r) => !('n' in r.body))).toBe(true);
    spy.mockRestore();
  });

  it('tools out, tool calls back (arguments parsed), tool results with tool_call_id, images as image_url parts', async () => {
    server.script.enqueue({ toolCalls: [{ id: 'call_9', name: 'search', args: { q: 'dspy' } }] });
    const tools = [
      { name: 'search', description: 'Search', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
    ];
    const res = await lmFor().call(
      [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look: ' },
            { type: 'image', base64: 'AAAA', mimeType: 'image/jpeg' },
          ],
        },
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'search', args: { q: 'a' } }] },
        { role: 'tool', content: 'result', toolCallId: 'call_1' },
      ],
      { tools },
    );
    expect(res.outputs[0]).toEqual({
      text: '',
      toolCalls: [{ id: 'call_9', name: 'search', args: { q: 'dspy' } }],
      finishReason: 'tool_calls',
    });
    expect(server.lastRequest.body.tools).toEqual([{ type: 'function', function: tools[0] }]);
    expect(server.lastRequest.body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look: ' },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAAA' } },
        ],
      },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":"a"}' } }],
      },
      { role: 'tool', content: 'result', tool_call_id: 'call_1' },
    ]);
  });

  it('streams SSE: stream + include_usage sent, deltas yielded, usage and reasoning in the final response', async () => {
    server.chunkSize = 4;
    server.script.enqueue({ content: 'The answer', thinking: 'think', promptTokens: 9, completionTokens: 3 });
    const events: LmStreamEvent[] = [];
    for await (const e of lmFor().stream([{ role: 'user', content: 'q' }])) events.push(e);
    expect(server.lastRequest.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(server.lastRequest.headers.accept).toBe('text/event-stream');
    expect(events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text)).toEqual([
      'The ',
      'answ',
      'er',
    ]);
    expect(events.at(-1)).toEqual({
      type: 'done',
      response: {
        model: 'openai/gpt-4o-mini',
        outputs: [{ text: 'The answer', reasoning: 'think', finishReason: 'stop' }],
        usage: { promptTokens: 9, completionTokens: 3, totalTokens: 12 },
      },
    });
  });

  it('streams tool-call deltas into whole tool calls', async () => {
    server.chunkSize = 5;
    server.script.enqueue({ toolCalls: [{ id: 'c1', name: 'lookup', args: { term: 'retrieval augmented' } }] });
    let done: LmStreamEvent | undefined;
    for await (const e of lmFor().stream([{ role: 'user', content: 'q' }])) done = e;
    expect(done).toMatchObject({
      type: 'done',
      response: {
        outputs: [
          {
            text: '',
            toolCalls: [{ id: 'c1', name: 'lookup', args: { term: 'retrieval augmented' } }],
            finishReason: 'tool_calls',
          },
        ],
      },
    });
  });
});

describe('OpenAICompatibleLM errors, retries, timeouts', () => {
  let server: FakeOpenAIServer;
  const lmFor = (extra: Partial<ConstructorParameters<typeof OpenAICompatibleLM>[0]> = {}) =>
    new OpenAICompatibleLM({
      model: 'gpt-4o-mini',
      baseURL: server.baseURL,
      apiKey: KEY,
      cache: false,
      retry: { initialDelayMs: 1 },
      ...extra,
    });
  beforeEach(async () => {
    server = await new FakeOpenAIServer({ apiKey: KEY, models: ['gpt-4o-mini'] }).start();
  });
  afterEach(() => server.close());

  it('connection refused names the base URL and the fix', async () => {
    const url = server.baseURL;
    await server.close();
    const err = await new OpenAICompatibleLM({ model: 'x', baseURL: url, retry: false, cache: false })
      .call([{ role: 'user', content: 'x' }])
      .catch((e) => e);
    expect(err.code).toBe('LM_CONNECTION');
    expect(err.message).toContain(`at ${url} (ECONNREFUSED)`);
    expect(err.message).toMatch(/ends in \/v1/);
  });

  it('unknown model → LM_MODEL_NOT_FOUND; wrong endpoint → hint about baseURL', async () => {
    const err = await lmFor({ model: 'gpt-9' })
      .call([{ role: 'user', content: 'x' }])
      .catch((e) => e);
    expect(err.code).toBe('LM_MODEL_NOT_FOUND');
    expect(err.message).toMatch(/model "gpt-9".*GET .*\/v1\/models/);
    const wrong = await lmFor({ baseURL: server.url })
      .call([{ role: 'user', content: 'x' }])
      .catch((e) => e);
    expect(wrong.code).toBe('LM_ERROR');
    expect(wrong.message).toMatch(/check `baseURL`/);
  });

  it('context_length_exceeded → LM_CONTEXT_WINDOW', async () => {
    server.failNext({
      status: 400,
      body: {
        error: {
          message: "This model's maximum context length is 8192 tokens.",
          type: 'invalid_request_error',
          code: 'context_length_exceeded',
        },
      },
    });
    const err = await lmFor()
      .call([{ role: 'user', content: 'x' }])
      .catch((e) => e);
    expect(err.code).toBe('LM_CONTEXT_WINDOW');
    expect(server.requests).toHaveLength(1);
  });

  it('429 honours Retry-After then succeeds; persistent 5xx → LM_SERVER after retries', async () => {
    server.failNext({
      status: 429,
      headers: { 'retry-after': '1' },
      body: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
    });
    const started = Date.now();
    expect((await lmFor().call([{ role: 'user', content: 'x' }])).outputs[0]!.text).toBe('ok');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    server.failNext({ status: 502, body: { message: 'bad gateway' } }, 4);
    const err = await lmFor({ retry: { maxRetries: 3, initialDelayMs: 1 } })
      .call([{ role: 'user', content: 'y' }])
      .catch((e) => e);
    expect(err.code).toBe('LM_SERVER');
    expect(err.status).toBe(502);
    expect(server.requests).toHaveLength(2 + 4);
  });

  it('a Retry-After longer than maxRetryAfterMs fails at once with LM_RATE_LIMIT', async () => {
    server.failNext({ status: 429, headers: { 'retry-after': '3600' }, body: { error: { message: 'quota' } } });
    const err = await lmFor()
      .call([{ role: 'user', content: 'x' }])
      .catch((e) => e);
    expect(err.code).toBe('LM_RATE_LIMIT');
    expect(err.retryAfterMs).toBe(3_600_000);
    expect(err.message).toMatch(/wait 3600 s/);
  });

  it('times out hung calls and stalled streams', async () => {
    server.failNext({ kind: 'hang' });
    const err = await lmFor()
      .call([{ role: 'user', content: 'x' }], { timeoutMs: 100 })
      .catch((e) => e);
    expect(err.code).toBe('LM_TIMEOUT');
    server.chunkDelayMs = 5_000;
    server.script.enqueue({ content: 'slow stream' });
    const streamErr = await (async () => {
      for await (const _e of lmFor().stream([{ role: 'user', content: 'x' }], { timeoutMs: 100 })) void _e;
    })().catch((e) => e);
    expect(streamErr.code).toBe('LM_TIMEOUT');
  });

  it('requires a key for api.openai.com only', () => {
    const old = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      expect(() => new OpenAICompatibleLM({ model: 'gpt-4o-mini', baseURL: 'https://api.openai.com/v1' })).toThrow(
        /needs an API key\. Set OPENAI_API_KEY/,
      );
      expect(() => new OpenAICompatibleLM({ model: 'llama3.2', baseURL: 'http://localhost:11434/v1' })).not.toThrow();
    } finally {
      if (old !== undefined) process.env.OPENAI_API_KEY = old;
    }
  });
});

describe('the API key is never logged, cached or saved', () => {
  let server: FakeOpenAIServer;
  let dir: string;
  beforeEach(async () => {
    server = await new FakeOpenAIServer({ apiKey: KEY }).start();
    dir = mkdtempSync(join(tmpdir(), 'key-leak-'));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is absent from JSON, inspect, history, errors, the cache key material and the cache files', async () => {
    const cache = new LmCache({ dir });
    const lm = new OpenAICompatibleLM({
      model: 'gpt-4o-mini',
      baseURL: server.baseURL,
      apiKey: KEY,
      headers: { 'x-proxy-token': `proxy-${KEY}` },
      cache,
      retry: false,
    });
    await lm.call([{ role: 'user', content: 'hello' }]);
    expect(server.lastRequest.headers['x-proxy-token']).toBe(`proxy-${KEY}`);
    expect((await lm.call([{ role: 'user', content: 'hello' }])).cacheHit).toBe(true);
    // a server that echoes the key in its error
    server.failNext({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${KEY}.`, code: 'invalid_api_key' } },
    });
    const err = await lm.call([{ role: 'user', content: 'other' }]).catch((e) => e);
    expect(err.code).toBe('LM_AUTH');
    cache.close();

    const texts = [
      JSON.stringify(lm),
      inspect(lm, { depth: 10, showHidden: true }),
      lm.inspectHistory(10, { print: false }),
      JSON.stringify(lm.history.entries),
      String(err.message),
      inspect(err, { depth: 10 }),
      JSON.stringify(lm.copy({ temperature: 1 })),
      ...readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString('latin1')),
    ];
    for (const t of texts) expect(t).not.toContain(KEY);
    expect(err.message).toContain('[redacted]');
    expect(readdirSync(dir).length).toBeGreaterThan(0);
  });
});
