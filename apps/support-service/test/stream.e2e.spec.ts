import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ChunkedLM, createSupportApp, parseSse, supportLm, supportReply } from './helpers';

const DRAFT =
  "I'm so sorry you were charged twice. The second charge is usually a temporary hold that your bank drops within 3 to 5 business days.";

describe('POST /ask/stream (server-sent events)', () => {
  it('streams status lines, the answer in chunks as it is generated, then the /ask JSON', async () => {
    const app = await createSupportApp({
      lm: new ChunkedLM(supportReply({ query: 'duplicate charge', draft: DRAFT })),
    });
    const res = await request(app.getHttpServer())
      .post('/ask/stream')
      .set('x-trace-id', 's-1')
      .send({ question: 'I was charged twice!' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['x-trace-id']).toBe('s-1');
    const events = parseSse(res.text);
    const chunks = events.filter((e) => e.event === 'answer');
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.every((c) => c.data.step === 'draft')).toBe(true);
    expect(chunks.map((c) => c.data.text).join('')).toBe(DRAFT);
    expect(events.filter((e) => e.event === 'status').map((e) => e.data.message)).toEqual([
      'Reading your question…',
      'Writing a reply…',
      'Checking the reply answers your question…',
    ]);
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data).toMatchObject({
      answer: DRAFT,
      refined: false,
      traceId: 's-1',
      usage: {
        lmCalls: 3,
        totalTokens: 45,
        byModel: { chunked: { promptTokens: 30, completionTokens: 15, totalTokens: 45 } },
      },
    });
    expect(done.data.sources[0].id).toBe('billing-02');
    await app.close();
  });

  it('streams the refined reply as a second step when the check fails', async () => {
    const lm = new ChunkedLM(
      supportReply({
        draft: 'Check your bank.',
        answers: false,
        feedback: 'Give the timeline.',
        refined: 'Your bank drops it within 5 days.',
      }),
    );
    const app = await createSupportApp({ lm });
    const events = parseSse(
      (await request(app.getHttpServer()).post('/ask/stream').send({ question: 'Charged twice' })).text,
    );
    const text = (step: string) =>
      events
        .filter((e) => e.event === 'answer' && e.data.step === step)
        .map((e) => e.data.text)
        .join('');
    expect(text('draft')).toBe('Check your bank.');
    expect(text('refine')).toBe('Your bank drops it within 5 days.');
    expect(events.at(-1)!.data).toMatchObject({
      answer: 'Your bank drops it within 5 days.',
      refined: true,
      usage: { lmCalls: 4 },
    });
    await app.close();
  });

  it('works with an LM that cannot stream (one chunk per reply)', async () => {
    const app = await createSupportApp({ lm: supportLm({ draft: DRAFT }) });
    const events = parseSse(
      (await request(app.getHttpServer()).post('/ask/stream').send({ question: 'Charged twice' })).text,
    );
    expect(
      events
        .filter((e) => e.event === 'answer')
        .map((e) => e.data.text)
        .join(''),
    ).toBe(DRAFT);
    expect(events.at(-1)!.event).toBe('done');
    await app.close();
  });
});
