import { type INestApplication, Logger } from '@nestjs/common';
import request from 'supertest';
import { ChunkedLM, createSupportApp, downLm, parseSse, supportReply, TextLM } from './helpers';

// A reply in no adapter's format: ChatAdapter fails, its JSON fallback fails too.
const GARBAGE = 'Sorry, I cannot help with that. (internal note: prompt v7)';

describe('LM failures over HTTP', () => {
  let logged: string[];
  beforeEach(() => {
    logged = [];
    for (const level of ['error', 'warn'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(String(args[0])));
    }
  });
  afterEach(() => jest.restoreAllMocks());

  describe('an unreachable LM', () => {
    let app: INestApplication;
    beforeAll(async () => (app = await createSupportApp({ lm: downLm() })));
    afterAll(() => app.close());

    it.each(['/ask', '/ask/stream'])('%s answers 503 with a retry hint and no internals', async (path) => {
      const res = await request(app.getHttpServer())
        .post(path)
        .set('x-trace-id', 'down-1')
        .send({ question: 'Where is my order?' });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'LM_CONNECTION',
        message: 'The language model is unavailable (LM_CONNECTION). Retry in 5 s.',
        retryAfterSeconds: 5,
        traceId: 'down-1',
      });
      expect(res.text).not.toContain('10.0.0.7');
    });
  });

  it("uses the provider's Retry-After when it sent one", async () => {
    const app = await createSupportApp({ lm: downLm('LM_RATE_LIMIT', 30_000) });
    const res = await request(app.getHttpServer()).post('/ask').send({ question: 'hi' });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    await app.close();
  });

  describe('a reply that cannot be parsed, even after the adapter fallback', () => {
    let app: INestApplication;
    beforeAll(async () => {
      // The query step parses; every other reply is in no adapter's format.
      app = await createSupportApp({
        lm: new TextLM((prompt) =>
          prompt.includes('search_query') ? '[[ ## search_query ## ]]\norder status' : GARBAGE,
        ),
      });
    });
    afterAll(() => app.close());

    it.each(['/ask', '/ask/stream'])('%s answers 502 and logs the raw text instead of sending it', async (path) => {
      const res = await request(app.getHttpServer())
        .post(path)
        .set('x-trace-id', 'parse-1')
        .send({ question: 'Where is my order?' });
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ statusCode: 502, code: 'ADAPTER_PARSE', traceId: 'parse-1' });
      expect(res.text).not.toContain('internal note');
      expect(logged.some((line) => line.includes('[trace parse-1] 502 ADAPTER_PARSE') && line.includes(GARBAGE))).toBe(
        true,
      );
    });
  });

  it('reports a failure after the answer started streaming as an error event', async () => {
    const lm = new ChunkedLM(supportReply({ draft: 'I am so sorry about the delay with your parcel.' }), {
      failOn: 'delay with your parcel',
      failAfter: 8,
    });
    const app = await createSupportApp({ lm });
    const res = await request(app.getHttpServer())
      .post('/ask/stream')
      .set('x-trace-id', 'mid-1')
      .send({ question: 'Where is my order?' });
    expect(res.status).toBe(200);
    const events = parseSse(res.text);
    expect(events.filter((e) => e.event === 'answer').length).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({
      event: 'error',
      data: expect.objectContaining({ statusCode: 503, code: 'LM_CONNECTION', retryAfterSeconds: 5, traceId: 'mid-1' }),
    });
    expect(events.some((e) => e.event === 'done')).toBe(false);
    await app.close();
  });
});
