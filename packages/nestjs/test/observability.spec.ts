import { Body, Controller, type INestApplication, Logger, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { type CallStartEvent, type LanguageModel, logger, resetSettings } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import { DummyLM, FakeOpenAIServer } from '@dspy-ts/testing';
import request from 'supertest';
import { DspyModule } from '../src';
import { QA } from './fixtures';

@Controller()
class AskController {
  constructor(private readonly qa: QA) {}
  @Post('ask')
  async ask(@Body() body: { question: string }) {
    return { answer: (await this.qa.call({ question: body.question })).answer };
  }
}

const exporter = new InMemorySpanExporter();
const starts: CallStartEvent[] = [];

async function createApp(lm: LanguageModel = new DummyLM({ 'q-': { answer: 'ok' } })): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      DspyModule.forRoot({
        lm,
        callbacks: [{ onModuleStart: (e) => starts.push(e) }],
      }),
      DspyModule.forFeature([QA]),
    ],
    controllers: [AskController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('DspyModule observability', () => {
  let app: INestApplication;
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    app = await createApp();
  });
  afterAll(async () => {
    await app.close();
    trace.disable();
    propagation.disable();
    context.disable();
    resetSettings();
  });

  it("links the program's spans to the caller's trace from the traceparent header", async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const parentId = 'b7ad6b7169203331';
    const res = await request(app.getHttpServer())
      .post('/ask')
      .set('traceparent', `00-${traceId}-${parentId}-01`)
      .send({ question: 'q-1' });
    expect(res.status).toBe(201);
    const spans = exporter.getFinishedSpans();
    const program = spans.find((s) => s.name === 'dspy.module QA')!;
    expect(program.spanContext().traceId).toBe(traceId);
    expect(program.parentSpanContext?.spanId).toBe(parentId);
    expect(spans.filter((s) => s.spanContext().traceId === traceId).map((s) => s.name)).toEqual(
      expect.arrayContaining(['dspy.predict Predict(StringSignature)', 'chat dummy']),
    );
  });

  it('hands callbacks from forRoot to programs it resolves', () => {
    expect(starts.some((e) => e.name === 'QA')).toBe(true);
  });

  it("routes dspy-ts's logger to Nest's Logger", () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    logger().warn({ code: 'X' }, 'through nest');
    expect(warn).toHaveBeenCalledWith('through nest {"code":"X"}');
    warn.mockRestore();
  });

  it('propagates the trace to the LM server: traceparent names the LM call span', async () => {
    const server = await new FakeOpenAIServer().start();
    server.script.respondWith({ content: '[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]' });
    const lmApp = await createApp(
      new OpenAICompatibleLM({ model: 'gpt-4o-mini', baseURL: server.baseURL, apiKey: 'sk-test' }),
    );
    try {
      exporter.reset();
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const res = await request(lmApp.getHttpServer())
        .post('/ask')
        .set('traceparent', `00-${traceId}-00f067aa0ba902b7-01`)
        .send({ question: 'q-2' });
      expect(res.body).toEqual({ answer: 'Paris' });
      const lmSpan = exporter.getFinishedSpans().find((s) => s.name.startsWith('chat '))!;
      expect(lmSpan.attributes['gen_ai.request.model']).toMatch(/gpt-4o-mini/);
      expect(lmSpan.spanContext().traceId).toBe(traceId);
      const sent = server.requests.at(-1)!.headers.traceparent;
      expect(sent).toBe(`00-${traceId}-${lmSpan.spanContext().spanId}-01`);
      expect(JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes))).not.toContain('sk-test');
    } finally {
      await lmApp.close();
      await server.close();
    }
  });
});
