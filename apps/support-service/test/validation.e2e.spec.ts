import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DummyLM } from '@dspy-ts/testing';
import { createSupportApp, supportLm } from './helpers';

describe('input validation (class-validator)', () => {
  let app: INestApplication;
  let lm: DummyLM;
  beforeAll(async () => {
    lm = supportLm();
    app = await createSupportApp({ lm });
  });
  afterAll(() => app.close());

  const cases: [string, unknown, Record<string, string[]>][] = [
    [
      'a missing question',
      {},
      { question: expect.arrayContaining(['question should not be empty', 'question must be a string']) },
    ],
    ['an empty question', { question: '' }, { question: ['question should not be empty'] }],
    [
      'a question that is not a string',
      { question: 42 },
      { question: expect.arrayContaining(['question must be a string']) },
    ],
    [
      'a question over 2,000 characters',
      { question: 'x'.repeat(2001) },
      { question: ['question must be shorter than or equal to 2000 characters'] },
    ],
    ['an unknown property', { question: 'hi', admin: true }, { admin: ['property admin should not exist'] }],
  ];

  for (const path of ['/ask', '/ask/stream']) {
    it.each(cases)(`${path}: 400 with field errors for %s, and no LM call`, async (_, body, errors) => {
      const res = await request(app.getHttpServer())
        .post(path)
        .send(body as object);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors });
      expect(lm.history.entries).toHaveLength(0);
    });
  }

  it('rejects a body that is not JSON with 400', async () => {
    const res = await request(app.getHttpServer())
      .post('/ask')
      .set('content-type', 'application/json')
      .send('{"question":');
    expect(res.status).toBe(400);
    expect(lm.history.entries).toHaveLength(0);
  });

  it('rejects an unknown per-request model with 400 before any LM call', async () => {
    const res = await request(app.getHttpServer()).post('/ask').set('x-dspy-lm', 'gpt-9').send({ question: 'hi' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Unknown model "gpt-9" in x-dspy-lm. No per-request models are configured.');
    expect(lm.history.entries).toHaveLength(0);
  });
});
