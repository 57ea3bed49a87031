import { Image, Predict } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '../src';
import { FakeOpenAIServer } from '@dspy-ts/testing';

describe('Predict with an Image input over OpenAICompatibleLM (wire)', () => {
  it('sends the user turn as text + image_url parts, the URL untouched (no download)', async () => {
    const server = await new FakeOpenAIServer().start();
    try {
      server.script.enqueue({ content: '[[ ## caption ## ]]\nA cat.\n\n[[ ## completed ## ]]' });
      const describe = new Predict('image: Image, question -> caption');
      describe.lm = new OpenAICompatibleLM({ model: 'gpt-4o-mini', baseURL: server.baseURL, cache: false });
      const p = (await describe.call({
        image: Image.fromUrl('https://example.com/cat.jpg'),
        question: 'What?',
      })) as unknown as Record<string, unknown>;
      expect(p.caption).toBe('A cat.');
      const messages = server.lastRequest.body.messages;
      expect(messages[0]).toMatchObject({ role: 'system' });
      expect(typeof messages[0].content).toBe('string');
      const content = messages[messages.length - 1].content;
      expect(content[0]).toEqual({ type: 'text', text: '[[ ## image ## ]]\n' });
      expect(content[1]).toEqual({ type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } });
      expect(content[2].type).toBe('text');
      expect(content[2].text).toMatch(/^\n\n\[\[ ## question ## \]\]\nWhat\?\n\nRespond with/);
    } finally {
      await server.close();
    }
  });
});
