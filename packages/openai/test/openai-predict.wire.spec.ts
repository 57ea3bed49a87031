import { JSONAdapter, Predict } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '../src';
import { FakeOpenAIServer } from '@dspy-ts/testing';

describe('Predict over OpenAICompatibleLM (end to end on the wire)', () => {
  it('JSONAdapter sends response_format json_schema with the outputs schema', async () => {
    const server = await new FakeOpenAIServer().start();
    try {
      server.script.enqueue({ content: '{"answer": "Paris"}' });
      const qa = new Predict('question -> answer');
      qa.lm = new OpenAICompatibleLM({ model: 'Qwen/Qwen2.5-7B-Instruct', baseURL: server.baseURL, cache: false });
      qa.adapter = new JSONAdapter();
      const p = (await qa.call({ question: 'Capital of France?' })) as unknown as Record<string, unknown>;
      expect(p.answer).toBe('Paris');
      expect(server.lastRequest.body.response_format).toMatchObject({
        type: 'json_schema',
        json_schema: {
          name: 'DSPyProgramOutputs',
          strict: true,
          schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
        },
      });
    } finally {
      await server.close();
    }
  });
});
