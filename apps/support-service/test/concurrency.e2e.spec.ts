import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { LanguageModel } from '@dspy-ts/core';
import type { DummyLM } from '@dspy-ts/testing';
import { ChunkedLM, createSupportApp, parseSse, supportLm, supportReply } from './helpers';

const N = 100;

describe('request-scoped LMs under concurrency', () => {
  let app: INestApplication;
  let models: Record<string, DummyLM>;
  let fallback: DummyLM;
  beforeAll(async () => {
    models = Object.fromEntries(
      Array.from({ length: N }, (_, i) => [
        `m${i}`,
        supportLm({ query: `query ${i}`, draft: `reply from model ${i}` }),
      ]),
    );
    fallback = supportLm({ draft: 'reply from the default model' });
    app = await createSupportApp({ lm: fallback, models });
  });
  afterAll(() => app.close());

  it(`gives each of ${N} concurrent requests its own LM, with no cross-talk`, async () => {
    const responses = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        request(app.getHttpServer())
          .post('/ask')
          .set('x-dspy-lm', `m${i}`)
          .set('x-trace-id', `c-${i}`)
          .send({ question: `Question number ${i} about my order` }),
      ),
    );
    responses.forEach((res, i) => {
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ answer: `reply from model ${i}`, traceId: `c-${i}`, usage: { lmCalls: 3 } });
    });
    // Every model served exactly its own request's three calls, with that request's question.
    Object.values(models).forEach((lm, i) => {
      expect(lm.history.entries).toHaveLength(3);
      for (const entry of lm.history.entries)
        expect(String(entry.messages.at(-1)!.content)).toContain(`Question number ${i} about`);
    });
    expect(fallback.history.entries).toHaveLength(0);
  });

  it('keeps streams apart too (20 concurrent streams on streaming LMs)', async () => {
    const streaming: Record<string, LanguageModel> = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [
        `s${i}`,
        new ChunkedLM(supportReply({ draft: `streamed reply number ${i} for you` })),
      ]),
    );
    const streamApp = await createSupportApp({ lm: fallback, models: streaming });
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(streamApp.getHttpServer())
          .post('/ask/stream')
          .set('x-dspy-lm', `s${i}`)
          .send({ question: `q ${i}` }),
      ),
    );
    responses.forEach((res, i) => {
      const events = parseSse(res.text);
      expect(
        events
          .filter((e) => e.event === 'answer')
          .map((e) => e.data.text)
          .join(''),
      ).toBe(`streamed reply number ${i} for you`);
      expect(events.at(-1)!.data.answer).toBe(`streamed reply number ${i} for you`);
    });
    await streamApp.close();
  });
});
