import { JSONAdapter, Predict } from '@dspy-ts/core';
import { OllamaLM } from '../src';
import { FakeOllamaServer } from '@dspy-ts/testing';

describe('Predict over OllamaLM (end to end on the wire)', () => {
  let server: FakeOllamaServer;
  beforeEach(async () => {
    server = await new FakeOllamaServer({ models: ['llama3.2'] }).start();
  });
  afterEach(() => server.close());

  it('JSONAdapter puts the outputs JSON Schema into `format` so Ollama constrains decoding', async () => {
    server.script.enqueue({ content: '{"answer": "Paris", "confidence": 0.9}' });
    const lm = new OllamaLM({ model: 'llama3.2', host: server.url, cache: false });
    const qa = new Predict('question -> answer, confidence: float');
    qa.lm = lm;
    qa.adapter = new JSONAdapter();
    const p = (await qa.call({ question: 'Capital of France?' })) as unknown as Record<string, unknown>;
    expect(p.answer).toBe('Paris');
    expect(p.confidence).toBe(0.9);
    const body = server.lastRequest.body;
    expect(body.stream).toBe(false);
    expect(body.format).toMatchObject({
      type: 'object',
      properties: { answer: { type: 'string' }, confidence: { type: 'number' } },
      required: ['answer', 'confidence'],
    });
  });

  it('ChatAdapter sends no format and parses the [[ ## ]] reply', async () => {
    server.script.enqueue({ content: '[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]' });
    const qa = new Predict('question -> answer');
    qa.lm = new OllamaLM({ model: 'llama3.2', host: server.url, cache: false });
    const p = (await qa.call({ question: 'Capital of France?' })) as unknown as Record<string, unknown>;
    expect(p.answer).toBe('Paris');
    expect(server.lastRequest.body).not.toHaveProperty('format');
    expect(server.lastRequest.body.messages[0].role).toBe('system');
  });
});
