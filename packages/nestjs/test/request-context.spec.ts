import { BadRequestException, Body, Controller, type INestApplication, Post, RequestMethod, Sse } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { currentSettings, type LanguageModel } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { from, map, type Observable } from 'rxjs';
import request from 'supertest';
import { currentTraceId, DspyModule, type DspyRootOptions } from '../src';
import { QA } from './fixtures';

const tick = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 5));

@Controller()
class QaController {
  constructor(private readonly qa: QA) {}

  @Post('ask')
  async ask(@Body() body: { question: string }) {
    await tick(); // let concurrent requests interleave before and after the LM call
    const prediction = await this.qa.call({ question: body.question });
    await tick();
    return { answer: prediction.answer, traceId: currentTraceId(), tags: currentSettings().tags };
  }

  @Sse('ask/stream', { method: RequestMethod.POST })
  stream(@Body() body: { question: string }): Observable<{ data: unknown }> {
    async function* events() {
      await tick();
      yield { step: 'start', traceId: currentTraceId() };
      const prediction = await new QaSingleton().get().call({ question: body.question });
      yield { step: 'done', answer: prediction.answer, traceId: currentTraceId() };
    }
    return from(events()).pipe(map((data) => ({ data })));
  }
}

// The SSE handler reaches the program outside Nest's injection to show the scope is ambient.
class QaSingleton {
  static instance: QA;
  get(): QA {
    return QaSingleton.instance;
  }
}

const models = new Map<string, LanguageModel>();

async function createApp(options: Partial<DspyRootOptions> = {}): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      DspyModule.forRoot({
        lm: new DummyLM({ 'q-': { answer: 'default' } }),
        lmResolver: (req) => {
          const name = req.headers['x-lm'];
          if (name === undefined) return undefined;
          const lm = models.get(String(name));
          if (!lm) throw new BadRequestException(`unknown model ${String(name)}`);
          return lm;
        },
        ...options,
      }),
      DspyModule.forFeature([QA]),
    ],
    controllers: [QaController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  QaSingleton.instance = app.get(QA);
  return app;
}

describe('request-scoped dspy settings', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApp();
  });
  afterAll(() => app.close());

  it('gives each of 100 concurrent requests its own LM with no cross-talk', async () => {
    const n = 100;
    for (let i = 0; i < n; i++) models.set(`m${i}`, new DummyLM({ 'q-': { answer: `answer from m${i}` } }));
    const responses = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        request(app.getHttpServer())
          .post('/ask')
          .set('x-lm', `m${i}`)
          .set('x-trace-id', `t-${i}`)
          .send({ question: `q-${i}` }),
      ),
    );
    responses.forEach((res, i) => {
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ answer: `answer from m${i}`, traceId: `t-${i}`, tags: { traceId: `t-${i}` } });
      expect(res.headers['x-trace-id']).toBe(`t-${i}`);
    });
    for (let i = 0; i < n; i++) expect((models.get(`m${i}`) as DummyLM).history.entries).toHaveLength(1);
  });

  it('uses the forRoot LM when the resolver returns undefined, and a fresh trace id when none is sent', async () => {
    const res = await request(app.getHttpServer()).post('/ask').send({ question: 'q-x' });
    expect(res.body.answer).toBe('default');
    expect(res.body.traceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-trace-id']).toBe(res.body.traceId);
  });

  it('replaces unsafe trace ids instead of echoing them', async () => {
    const res = await request(app.getHttpServer()).post('/ask').set('x-trace-id', 'a b"c').send({ question: 'q-x' });
    expect(res.body.traceId).not.toBe('a b"c');
  });

  it('answers the error a resolver throws (400 for an unknown model) without calling any LM', async () => {
    const res = await request(app.getHttpServer()).post('/ask').set('x-lm', 'nope').send({ question: 'q-x' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('unknown model nope');
  });

  it('keeps the request scope through server-sent events, for concurrent streams', async () => {
    for (let i = 0; i < 20; i++) models.set(`s${i}`, new DummyLM({ 'q-': { answer: `stream from s${i}` } }));
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(app.getHttpServer())
          .post('/ask/stream')
          .set('x-lm', `s${i}`)
          .set('x-trace-id', `st-${i}`)
          .send({ question: `q-${i}` }),
      ),
    );
    responses.forEach((res, i) => {
      expect(res.headers['content-type']).toMatch(/text\/event-stream/);
      const events = res.text
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)));
      expect(events).toEqual([
        { step: 'start', traceId: `st-${i}` },
        { step: 'done', answer: `stream from s${i}`, traceId: `st-${i}` },
      ]);
    });
  });
});

describe('request context switched off', () => {
  it('leaves requests unscoped with requestContext: false', async () => {
    const app = await createApp({ requestContext: false });
    const res = await request(app.getHttpServer()).post('/ask').set('x-lm', 'nope').send({ question: 'q-x' });
    expect(res.body).toEqual({ answer: 'default' });
    expect(res.headers['x-trace-id']).toBeUndefined();
    await app.close();
  });
});
