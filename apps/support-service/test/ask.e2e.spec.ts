import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DummyLM } from '@dspy-ts/testing';
import { SupportBot } from '../src/support-bot/support-bot.program';
import { createSupportApp, supportLm } from './helpers';

describe('POST /ask (DummyLM through the container)', () => {
  let app: INestApplication;
  let lm: DummyLM;
  beforeAll(async () => {
    lm = supportLm();
    app = await createSupportApp({ lm });
  });
  afterAll(() => app.close());

  it('answers with the reply, the knowledge-base sources and the LM usage', async () => {
    const res = await request(app.getHttpServer())
      .post('/ask')
      .set('x-trace-id', 'ask-1')
      .send({ question: 'I forgot my password and cannot log in' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      answer: "I'm sorry you're locked out. Use 'Forgot password' to get a reset link.",
      sources: expect.any(Array),
      refined: false,
      usage: {
        lmCalls: 3,
        cacheHits: 0,
        promptTokens: 0,
        completionTokens: 0,
        totalTokens: 0,
        byModel: { dummy: expect.any(Object) },
      },
      traceId: 'ask-1',
    });
    expect(res.body.sources).toHaveLength(3);
    expect(res.body.sources[0]).toEqual({
      id: 'account-01',
      title: 'Reset a forgotten password',
      score: expect.any(Number),
    });
    expect(res.headers['x-trace-id']).toBe('ask-1');
  });

  it('runs understand → draft → check with the passages in the prompts', async () => {
    const before = lm.history.entries.length;
    await request(app.getHttpServer()).post('/ask').send({ question: 'Do gift cards expire?' }).expect(200);
    const calls = lm.history.entries.slice(before).map((e) => String(e.messages.at(-1)!.content));
    expect(calls).toHaveLength(3);
    expect(calls[0]).toContain('`[[ ## search_query ## ]]`');
    expect(calls[1]).toContain('Gift cards never expire and have no fees.');
    expect(calls[2]).toContain('`[[ ## answers_question ## ]]`');
  });

  it('refines the reply when the check says it does not answer the question', async () => {
    const refining = await createSupportApp({
      lm: supportLm({
        answers: false,
        feedback: 'Say how long the link is valid.',
        refined: 'The link is valid for 30 minutes.',
      }),
    });
    const res = await request(refining.getHttpServer()).post('/ask').send({ question: 'Password reset?' }).expect(200);
    expect(res.body).toMatchObject({
      answer: 'The link is valid for 30 minutes.',
      refined: true,
      usage: { lmCalls: 4 },
    });
    await refining.close();
  });

  it('serves the program with the shipped compiled state loaded', () => {
    const bot = app.get(SupportBot);
    const demos = bot.namedPredictors().map(([name, p]) => [name, (p as unknown as { demos: unknown[] }).demos.length]);
    expect(demos.map(([name]) => name)).toEqual(['understand', 'draft', 'check', 'refine']);
    expect(demos.some(([, n]) => (n as number) > 0)).toBe(true);
  });
});
