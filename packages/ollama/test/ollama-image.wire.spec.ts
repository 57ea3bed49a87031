import { Image, Predict } from '@dspy-ts/core';
import { OllamaLM } from '../src';
import { FakeOllamaServer } from '@dspy-ts/testing';

// 1x1 PNG: what a vision model gets from `Image.fromBytes`/`fromFile`.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('Predict with an Image input over OllamaLM (wire)', () => {
  let server: FakeOllamaServer;
  beforeEach(async () => {
    server = await new FakeOllamaServer({ models: ['llava'] }).start();
  });
  afterEach(() => server.close());

  it('sends the image bytes as base64 in messages[i].images and the text around it as content', async () => {
    server.script.enqueue({ content: '[[ ## caption ## ]]\nA pixel.\n\n[[ ## completed ## ]]' });
    const describe = new Predict('image: Image, question -> caption');
    describe.lm = new OllamaLM({ model: 'llava', host: server.url, cache: false });
    const p = (await describe.call({
      image: Image.fromBytes(Buffer.from(PNG_BASE64, 'base64')),
      question: 'What is it?',
    })) as unknown as Record<string, unknown>;
    expect(p.caption).toBe('A pixel.');
    const messages = server.lastRequest.body.messages;
    const user = messages[messages.length - 1];
    expect(user.role).toBe('user');
    expect(user.images).toEqual([PNG_BASE64]);
    expect(user.content).toMatch(/^\[\[ ## image ## \]\]\n\n\n\[\[ ## question ## \]\]\nWhat is it\?/);
    expect(user.content).not.toContain('CUSTOM-TYPE');
    expect(messages[0].images).toBeUndefined();
  });

  it('does not download http image URLs unless fetchImageUrls is set, and sends nothing', async () => {
    const describe = new Predict('image: Image -> caption');
    describe.lm = new OllamaLM({ model: 'llava', host: server.url, cache: false });
    await expect(describe.call({ image: Image.fromUrl(`${server.url}/cat.png`) })).rejects.toThrow(
      /downloading .*cat\.png here is off by default.*fetchImageUrls: true/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('with fetchImageUrls, an http image URL must be downloadable; a failed download says so', async () => {
    const describe = new Predict('image: Image -> caption');
    describe.lm = new OllamaLM({ model: 'llava', host: server.url, cache: false, fetchImageUrls: true });
    await expect(describe.call({ image: Image.fromUrl(`${server.url}/missing.png`) })).rejects.toThrow(
      /Could not download the image .*missing\.png.*Pass the image as base64 or a data: URL/,
    );
  });

  it('refuses a plain string where an Image is expected, naming the fix', async () => {
    const describe = new Predict('image: Image -> caption');
    describe.lm = new OllamaLM({ model: 'llava', host: server.url, cache: false });
    await expect(describe.call({ image: 'https://example.com/cat.jpg' } as never)).rejects.toThrow(
      /image: must be an Image .*Image\.fromUrl/,
    );
    expect(server.requests).toHaveLength(0);
  });
});
