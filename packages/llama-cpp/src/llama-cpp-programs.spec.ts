import { ChainOfThought, JSONAdapter, Predict, streamify, withSettings } from '@dspy-ts/core';
import { REAL_MODEL_TIMEOUT_MS, requireRealModel } from '../test/real-model';
import { LlamaCppLM } from './llama-cpp-lm';
import { disposeLlamaCpp } from './llama-engine';

jest.setTimeout(REAL_MODEL_TIMEOUT_MS);

// Programs from @dspy-ts/core's public API on the embedded model: the same path a user's code takes.
describe('dspy-ts programs on the embedded model', () => {
  let lm: LlamaCppLM;

  beforeAll(async () => {
    // A 135M model loops after its answer; a modest maxTokens keeps each call short.
    lm = new LlamaCppLM({ modelPath: requireRealModel(), cache: false, temperature: 0, maxTokens: 200 });
    await lm.load();
  });
  afterAll(() => disposeLlamaCpp());

  it('Predict (ChatAdapter) answers with a string output', async () => {
    const qa = new Predict('question -> answer');
    qa.demos = [
      { question: 'What is the capital of Spain?', answer: 'Madrid' },
      { question: 'What is the capital of Japan?', answer: 'Tokyo' },
    ];
    const p = await withSettings({ lm }, () => qa.call({ question: 'What is the capital of France?' }));
    expect(typeof p.answer).toBe('string');
    expect(p.answer).toMatch(/paris/i);
    const prompt = lm.history.entries.at(-1)!.messages;
    expect(prompt[0]!.role).toBe('system');
    expect(prompt.at(-1)!.content).toContain('[[ ## question ## ]]');
  });

  it('JSONAdapter returns typed outputs that parse and validate (grammar-constrained)', async () => {
    const classify = new Predict(
      "review -> sentiment: Literal['positive', 'negative', 'neutral'], confidence: float, keywords: list[str], recommend: bool",
    );
    const p = await withSettings({ lm, adapter: new JSONAdapter() }, () =>
      classify.call({ review: 'Great phone, the battery lasts two days. I love it!' }),
    );
    expect(['positive', 'negative', 'neutral']).toContain(p.sentiment);
    expect(typeof p.confidence).toBe('number');
    expect(Array.isArray(p.keywords)).toBe(true);
    for (const k of p.keywords) expect(typeof k).toBe('string');
    expect(typeof p.recommend).toBe('boolean');
    const call = lm.history.entries.at(-1)!;
    expect(call.options.responseFormat?.type).toBe('json_schema');
    expect(() => JSON.parse(call.response.outputs[0]!.text)).not.toThrow();
  });

  it('ChainOfThought produces reasoning and an answer', async () => {
    const cot = new ChainOfThought('question -> answer');
    cot.predict.demos = [
      { question: 'What is 2 + 3?', reasoning: '2 plus 3 equals 5.', answer: '5' },
      { question: 'What is 10 - 4?', reasoning: '10 minus 4 equals 6.', answer: '6' },
    ];
    const p = await withSettings({ lm }, () => cot.call({ question: 'What is 7 + 5?' }));
    expect(typeof p.reasoning).toBe('string');
    expect(p.reasoning.length).toBeGreaterThan(0);
    expect(typeof p.answer).toBe('string');
    expect(p.answer).toContain('12');
  });

  // A Predict, not a ChainOfThought: since DSPy 3.4.1 a reply whose tokens were already streamed is
  // never retried with JSONAdapter, and the 135M model often drops the `reasoning` header (it writes
  // `[[ ## question ## ]]` instead), which only that retry used to rescue.
  it('streams a Predict: token deltas, field chunks, then the prediction, all from one streamed call', async () => {
    const qa = new Predict('question -> answer');
    qa.demos = [
      { question: 'What is 2 + 3?', answer: '5' },
      { question: 'What is 10 - 4?', answer: '6' },
      { question: 'What is 7 + 2?', answer: '9' },
    ];
    const tokens: string[] = [];
    const chunks: Record<string, string> = {};
    let prediction: Record<string, unknown> | undefined;
    const before = lm.history.entries.length;
    await withSettings({ lm }, async () => {
      for await (const ev of streamify(qa)({ question: 'What is 9 + 1?' })) {
        if (ev.type === 'token') tokens.push(ev.text);
        else if (ev.type === 'field-chunk') chunks[ev.field] = (chunks[ev.field] ?? '') + ev.text;
        else if (ev.type === 'prediction') prediction = { ...ev.prediction };
      }
    });
    expect(tokens.length).toBeGreaterThan(3);
    expect(prediction).toBeDefined();
    expect(typeof prediction!.answer).toBe('string');
    const streamed = lm.history.entries.slice(before).map((e) => e.response.outputs[0]!.text);
    expect(streamed).toHaveLength(1);
    expect(tokens.join('')).toBe(streamed[0]);
    expect(Object.keys(chunks)).toContain('answer');
    expect(chunks.answer!.trim()).toBe(String(prediction!.answer).trim());
  });

  it('reuses the system message and demos across calls of one program', async () => {
    const qa = new Predict('question -> answer');
    qa.demos = [
      { question: 'What is the capital of Spain?', answer: 'Madrid' },
      { question: 'What is the capital of Japan?', answer: 'Tokyo' },
      { question: 'What is the capital of Kenya?', answer: 'Nairobi' },
      { question: 'What is the capital of Canada?', answer: 'Ottawa' },
    ];
    await withSettings({ lm }, () => qa.call({ question: 'What is the capital of Italy?' }));
    await withSettings({ lm }, () => qa.call({ question: 'What is the capital of Peru?' }));
    const stats = lm.lastStats!;
    // Everything up to the last user message is reused: well over half of a 4-demo prompt.
    expect(stats.reusedPromptTokens / stats.promptTokens).toBeGreaterThan(0.7);
  });
});
