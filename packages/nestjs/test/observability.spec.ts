import { Body, Controller, type INestApplication, Logger, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { type CallStartEvent, logger, resetSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
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

async function createApp(): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      DspyModule.forRoot({
        lm: new DummyLM({ 'q-': { answer: 'ok' } }),
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
});
