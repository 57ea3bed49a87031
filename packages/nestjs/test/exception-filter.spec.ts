import { Controller, Get, type INestApplication, Logger, Param } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AdapterParseError, DspyError, LmError } from '@dspy-ts/core';
import request from 'supertest';
import { DspyExceptionFilter, DspyModule, toHttpError } from '../src';

const RAW = 'Sure! Here is your answer: 42 (secret internal text)';
const errors: Record<string, () => unknown> = {
  timeout: () => new LmError('LM_TIMEOUT', 'ollama/llama3.2 timed out after 30000 ms'),
  ratelimit: () => new LmError('LM_RATE_LIMIT', 'too many requests', { retryAfterMs: 12_500 }),
  parse: () => new AdapterParseError({ adapterName: 'JSONAdapter', signatureName: 'QA', lmResponse: RAW }),
  input: () => new DspyError('INPUT_INVALID', 'Missing input field question.\nmore detail'),
  config: () => new DspyError('LM_MISSING', 'No language model is configured'),
  plain: () => new Error('boom'),
};

@Controller()
class FailingController {
  @Get('fail/:kind')
  fail(@Param('kind') kind: string) {
    throw errors[kind]!();
  }
}

describe('toHttpError', () => {
  it('maps LM failures to 503 with a retry hint, the provider one when given', () => {
    expect(toHttpError(errors.timeout!())).toMatchObject({ statusCode: 503, code: 'LM_TIMEOUT', retryAfterSeconds: 5 });
    expect(toHttpError(errors.ratelimit!(), 2)).toMatchObject({ statusCode: 503, retryAfterSeconds: 13 });
  });
  it('maps unparseable replies to 502 without the raw text', () => {
    const mapped = toHttpError(errors.parse!());
    expect(mapped).toMatchObject({ statusCode: 502, code: 'ADAPTER_PARSE' });
    expect(JSON.stringify(mapped)).not.toContain('secret');
  });
  it('maps invalid inputs to 400 and anything else to a generic 500', () => {
    expect(toHttpError(errors.input!())).toMatchObject({ statusCode: 400, message: 'Missing input field question.' });
    expect(toHttpError(errors.config!())).toEqual(
      expect.objectContaining({ statusCode: 500, code: 'LM_MISSING', message: 'Internal server error' }),
    );
    expect(toHttpError(errors.plain!())).toMatchObject({ statusCode: 500, code: 'INTERNAL' });
  });
});

describe('DspyExceptionFilter over HTTP', () => {
  let app: INestApplication;
  let logged: string[];
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DspyModule.forRoot({})],
      controllers: [FailingController],
      providers: [{ provide: APP_FILTER, useClass: DspyExceptionFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  beforeEach(() => {
    logged = [];
    for (const level of ['error', 'warn'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(String(args[0])));
    }
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => app.close());

  it('answers 503 with Retry-After and the trace id', async () => {
    const res = await request(app.getHttpServer()).get('/fail/ratelimit').set('x-trace-id', 'abc');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('13');
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      code: 'LM_RATE_LIMIT',
      message: 'The language model is unavailable (LM_RATE_LIMIT). Retry in 13 s.',
      retryAfterSeconds: 13,
      traceId: 'abc',
    });
  });

  it('answers 502 and logs the raw LM text with the trace id, never sending it', async () => {
    const res = await request(app.getHttpServer()).get('/fail/parse').set('x-trace-id', 'p-1');
    expect(res.status).toBe(502);
    expect(res.text).not.toContain('secret');
    expect(logged.some((line) => line.includes('[trace p-1]') && line.includes(RAW))).toBe(true);
  });

  it('answers other errors with a generic 500 (no error text) and the trace id', async () => {
    const res = await request(app.getHttpServer()).get('/fail/plain');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'INTERNAL',
      message: 'Internal server error',
      traceId: expect.any(String),
    });
  });
});
