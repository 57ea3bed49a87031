import { type ChatMessage, DspyError, type LmStreamEvent } from '@dspy-ts/core';
import { REAL_MODEL_TIMEOUT_MS, requireRealModel } from '../test/real-model';
import { LlamaCppLM } from './llama-cpp-lm';
import { disposeLlamaCpp } from './llama-engine';

jest.setTimeout(REAL_MODEL_TIMEOUT_MS);

const SYSTEM: ChatMessage = { role: 'system', content: 'You are a helpful assistant. Answer briefly.' };
const ask = (question: string): ChatMessage[] => [SYSTEM, { role: 'user', content: question }];

describe('LlamaCppLM on the real embedded model', () => {
  let lm: LlamaCppLM;

  beforeAll(async () => {
    lm = new LlamaCppLM({ modelPath: requireRealModel(), cache: false, temperature: 0 });
    await lm.load();
  });
  afterAll(() => disposeLlamaCpp());

  it('answers a chat with a string and counts tokens with the tokenizer', async () => {
    const res = await lm.call(ask('What is the capital of France?'), { maxTokens: 40 });
    expect(res.model).toMatch(/^llama-cpp\//);
    expect(res.outputs).toHaveLength(1);
    expect(typeof res.outputs[0]!.text).toBe('string');
    expect(res.outputs[0]!.text.trim().length).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(res.outputs[0]!.finishReason);
    expect(res.usage.promptTokens).toBe(lm.lastStats!.promptTokens);
    expect(res.usage.promptTokens).toBeGreaterThan(10);
    expect(res.usage.completionTokens).toBeGreaterThan(0);
    expect(res.usage.totalTokens).toBe(res.usage.promptTokens + res.usage.completionTokens);
    expect(lm.history.entries.at(-1)?.response).toBe(res);
  });

  it('constrains the reply to a JSON schema with a grammar', async () => {
    const schema = {
      type: 'object',
      title: 'CityFacts',
      properties: {
        city: { type: 'string', title: 'City' },
        country: { type: 'string' },
        is_capital: { type: 'boolean' },
        population_millions: { anyOf: [{ type: 'number' }, { type: 'null' }] },
      },
      required: ['city', 'country', 'is_capital', 'population_millions'],
      additionalProperties: false,
    };
    const res = await lm.call(ask('Give facts about Paris as JSON.'), {
      maxTokens: 120,
      responseFormat: { type: 'json_schema', name: 'CityFacts', schema, strict: true },
    });
    const parsed = JSON.parse(res.outputs[0]!.text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['city', 'country', 'is_capital', 'population_millions']);
    expect(typeof parsed.city).toBe('string');
    expect(typeof parsed.country).toBe('string');
    expect(typeof parsed.is_capital).toBe('boolean');
    expect(parsed.population_millions === null || typeof parsed.population_millions === 'number').toBe(true);
  });

  it('returns any JSON object for json_object', async () => {
    const res = await lm.call(ask('Give a JSON object with a single key "color" and a color as its value.'), {
      maxTokens: 60,
      responseFormat: { type: 'json_object' },
    });
    expect(res.outputs[0]!.finishReason).toBe('stop');
    const parsed: unknown = JSON.parse(res.outputs[0]!.text);
    expect(parsed).toEqual(expect.any(Object));
    expect(Array.isArray(parsed)).toBe(false);
  });

  it('streams deltas that concatenate to the final text', async () => {
    const events: LmStreamEvent[] = [];
    for await (const ev of lm.stream(ask('Name three fruits.'), { maxTokens: 40 })) events.push(ev);
    const deltas = events.filter((e): e is Extract<LmStreamEvent, { type: 'delta' }> => e.type === 'delta');
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    expect(deltas.length).toBeGreaterThan(1);
    const final = (done as Extract<LmStreamEvent, { type: 'done' }>).response;
    expect(deltas.map((d) => d.text).join('')).toBe(final.outputs[0]!.text);
    expect(final.usage.completionTokens).toBeGreaterThan(0);
  });

  it('stops a stream when the consumer leaves early, and keeps working', async () => {
    let seen = 0;
    for await (const ev of lm.stream(ask('Write a long story about a dragon.'), { maxTokens: 400 })) {
      if (ev.type === 'delta' && ++seen === 3) break;
    }
    expect(seen).toBe(3);
    const res = await lm.call(ask('What is 2 + 2?'), { maxTokens: 20 });
    expect(res.outputs[0]!.text.length).toBeGreaterThan(0);
  });

  it('serializes concurrent calls on one context sequence, in order', async () => {
    const engine = await lm.getEngine();
    const finished: number[] = [];
    const calls = [1, 2, 3, 4].map((i) =>
      lm.call(ask(`What is ${i} + ${i}?`), { maxTokens: 24 }).then((res) => {
        finished.push(i);
        return res;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(engine.queued).toBeGreaterThan(0);
    const results = await Promise.all(calls);
    expect(finished).toEqual([1, 2, 3, 4]);
    for (const r of results) expect(r.outputs[0]!.text.trim().length).toBeGreaterThan(0);
    expect(engine.queued).toBe(0);
  });

  it('gives the same greedy answer alone and under concurrency', async () => {
    const alone = await lm.call(ask('What color is the sky?'), { maxTokens: 24 });
    const [, together] = await Promise.all([
      lm.call(ask('Name a planet.'), { maxTokens: 24 }),
      lm.call(ask('What color is the sky?'), { maxTokens: 24 }),
    ]);
    expect(together.outputs[0]!.text).toBe(alone.outputs[0]!.text);
  });

  it('aborts a running generation with LM_ABORTED and stays usable', async () => {
    const controller = new AbortController();
    const running = lm.call(ask('Write a long story about a dragon.'), {
      maxTokens: 800,
      temperature: 0.8,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(running).rejects.toMatchObject({ code: 'LM_ABORTED' });
    const res = await lm.call(ask('What is 3 + 3?'), { maxTokens: 20 });
    expect(res.outputs[0]!.text.length).toBeGreaterThan(0);
  });

  it('aborts a call still waiting in the queue without disturbing the running one', async () => {
    const first = lm.call(ask('List five animals.'), { maxTokens: 40 });
    const controller = new AbortController();
    const queued = lm.call(ask('List five colors.'), { maxTokens: 40, signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ code: 'LM_ABORTED' });
    expect((await first).outputs[0]!.text.length).toBeGreaterThan(0);
  });

  it('times out with LM_TIMEOUT', async () => {
    await expect(
      lm.call(ask('Write a long story about a dragon.'), { maxTokens: 800, timeoutMs: 50 }),
    ).rejects.toMatchObject({ code: 'LM_TIMEOUT' });
  });

  it('reuses the evaluated system message and demos of the previous prompt', async () => {
    const demos: ChatMessage[] = [
      { role: 'user', content: 'Capital of Spain?' },
      { role: 'assistant', content: 'Madrid' },
      { role: 'user', content: 'Capital of Japan?' },
      { role: 'assistant', content: 'Tokyo' },
    ];
    const prompt = (q: string): ChatMessage[] => [SYSTEM, ...demos, { role: 'user', content: q }];
    await lm.call(prompt('Capital of Italy?'), { maxTokens: 8 });
    await lm.call(prompt('Capital of Peru?'), { maxTokens: 8 });
    const reused = lm.lastStats!;
    expect(reused.reusedPromptTokens).toBeGreaterThan(30);
    expect(reused.reusedPromptTokens).toBeLessThan(reused.promptTokens);

    const fresh = new LlamaCppLM({ modelPath: lm.modelPath, cache: false, temperature: 0, prefixReuse: false });
    await fresh.call(prompt('Capital of Peru?'), { maxTokens: 8 });
    expect(fresh.lastStats!.reusedPromptTokens).toBe(0);
    expect(fresh.lastStats!.promptTokens).toBe(reused.promptTokens);
  });

  it('samples n completions', async () => {
    const res = await lm.call(ask('Name an animal.'), { n: 3, temperature: 1, seed: 7, maxTokens: 12 });
    expect(res.outputs).toHaveLength(3);
    expect(res.usage.promptTokens).toBe(3 * lm.lastStats!.promptTokens);
  });

  it('honours maxTokens (finishReason length) and stop strings', async () => {
    const long = await lm.call(ask('Write a long story about a dragon.'), { maxTokens: 5 });
    expect(long.outputs[0]!.finishReason).toBe('length');
    expect(long.usage.completionTokens).toBeLessThanOrEqual(5);
    const stopped = await lm.call(ask('Count from one to ten in words, separated by commas.'), {
      maxTokens: 60,
      stop: ['five'],
    });
    expect(stopped.outputs[0]!.text).not.toContain('five');
  });

  it('continues a prefilled assistant message', async () => {
    const res = await lm.call(
      [...ask('What is the capital of France?'), { role: 'assistant', content: 'The capital of France is' }],
      { maxTokens: 10 },
    );
    expect(res.outputs[0]!.text.length).toBeGreaterThan(0);
    expect(res.outputs[0]!.text).not.toMatch(/^The capital of France is/);
  });

  it('refuses images', async () => {
    const image: ChatMessage = { role: 'user', content: [{ type: 'image', url: 'data:image/png;base64,AAAA' }] };
    const err: unknown = await lm.call([image]).catch((e: unknown) => e);
    expect(DspyError.is(err, 'NOT_SUPPORTED')).toBe(true);
  });
});

describe('LlamaCppLM after disposeLlamaCpp()', () => {
  it('loads the model again on the next call', async () => {
    const lm = new LlamaCppLM({ modelPath: requireRealModel(), cache: false, temperature: 0 });
    await lm.call(ask('Say hi.'), { maxTokens: 4 });
    await disposeLlamaCpp();
    const res = await lm.call(ask('Say hi.'), { maxTokens: 4 });
    expect(res.outputs[0]!.text.length).toBeGreaterThan(0);
    await disposeLlamaCpp();
  });
});

describe('LlamaCppLM without a model file', () => {
  it('fails with LM_MODEL_NOT_FOUND saying how to fetch one', async () => {
    const lm = new LlamaCppLM({ modelPath: '/nonexistent/model.gguf', cache: false });
    await expect(lm.call([{ role: 'user', content: 'hi' }])).rejects.toMatchObject({
      code: 'LM_MODEL_NOT_FOUND',
      message: expect.stringContaining('scripts/fetch-model'),
    });
  });
});
