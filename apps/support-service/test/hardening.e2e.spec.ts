// Issue 14: every bad input is a 4xx with one log line; health never returns raw error text.
import type { INestApplication, LoggerService } from '@nestjs/common';
import request from 'supertest';
import { BaseLM, type LmResponse } from '@dspy-ts/core';
import { OllamaLM } from '@dspy-ts/ollama';
import type { DummyLM } from '@dspy-ts/testing';
import { createSupportApp, supportLm } from './helpers';

/** Collects what Nest logs, one entry per call (a stack trace passed along counts in the same entry). */
class CapturingLogger implements LoggerService {
  readonly lines: { level: string; text: string }[] = [];
  log(message: unknown) {
    this.lines.push({ level: 'log', text: String(message) });
  }
  error(message: unknown, ...rest: unknown[]) {
    this.lines.push({ level: 'error', text: render(message, rest) });
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.lines.push({ level: 'warn', text: render(message, rest) });
  }
  debug() {}
  verbose() {}
}

/** An LM whose provider code has a bug (a plain TypeError, not an LmError). */
class BrokenLM extends BaseLM {
  readonly capabilities = { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: false, images: false };
  constructor() {
    super('broken', { retry: false });
  }
  protected async forward(): Promise<LmResponse> {
    throw new TypeError('cannot read the reply');
  }
}

/** What Nest's ConsoleLogger would print: an Error as its stack, then a stack argument; the context last is not printed inline. */
function render(message: unknown, rest: unknown[]): string {
  const parts = [message instanceof Error ? (message.stack ?? String(message)) : String(message)];
  for (const r of rest.slice(0, -1)) if (typeof r === 'string') parts.push(r);
  return parts.join('\n');
}

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function nested(depth: number): string {
  return `{"question":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

describe('bad inputs get a 4xx and one log line', () => {
  let app: INestApplication;
  let lm: DummyLM;
  const logger = new CapturingLogger();
  beforeAll(async () => {
    lm = supportLm();
    app = await createSupportApp({ lm, logger });
  });
  afterAll(() => app.close());
  beforeEach(() => {
    logger.lines.length = 0;
    lm.history.clear();
  });

  it.each([
    ['a question nested 2,000 levels', nested(2_000)],
    ['an extra property nested 5,000 levels', `{"question":"hi","x":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`],
  ])('%s: 400 before validation, no stack trace logged', async (_, body) => {
    const res = await request(app.getHttpServer()).post('/ask').set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/nested deeper than 32 levels/);
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(lm.history.entries).toHaveLength(0);
  });

  it.each([
    ['{"question":"hi","__proto__":{"admin":true}}'],
    ['{"question":"hi","constructor":{"prototype":{"x":1}}}'],
  ])('a body with a prototype key (%s) is a 400, not silently accepted', async (body) => {
    const res = await request(app.getHttpServer()).post('/ask').set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/property, which is not allowed/);
    expect(lm.history.entries).toHaveLength(0);
  });

  it('a body over the size limit: 413 with one single-line log entry', async () => {
    const res = await request(app.getHttpServer())
      .post('/ask')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ question: 'x'.repeat(200_000) }));
    expect(res.status).toBe(413);
    const logged = logger.lines.filter((l) => l.level !== 'log');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.text.split('\n')).toHaveLength(1);
  });

  it('a server fault: 500 with one single-line log entry', async () => {
    const faulty = await createSupportApp({ lm: new BrokenLM(), logger });
    try {
      logger.lines.length = 0;
      const res = await request(faulty.getHttpServer()).post('/ask').send({ question: 'hi' });
      expect(res.status).toBe(500);
      const logged = logger.lines.filter((l) => l.level !== 'log');
      expect(logged).toHaveLength(1);
      expect(logged[0]!.text.split('\n')).toHaveLength(1);
      expect(logged[0]!.text).toMatch(/TypeError: cannot read the reply/);
    } finally {
      await faulty.close();
    }
  });

  it.each([['   '], ['\n\t  \n'], ['\u00a0\u2003']])(
    'a whitespace-only question (%j) is a 400 field error, with no LM call',
    async (question) => {
      const res = await request(app.getHttpServer()).post('/ask').send({ question });
      expect(res.status).toBe(400);
      expect(res.body.errors.question).toEqual(['question must contain text, not only whitespace']);
      expect(lm.history.entries).toHaveLength(0);
    },
  );
});

describe('health and history in the service', () => {
  it('GET /health returns a status and a code, never the error text (which may hold a URL password)', async () => {
    // A host with credentials and nothing listening: the probe fails with a connection error.
    const lm = new OllamaLM({
      model: 'llama3.2',
      host: `http://admin:hunter2@127.0.0.1:${await closedPort()}`,
      retry: false,
      cache: false,
    });
    const logger = new CapturingLogger();
    const app = await createSupportApp({ lm, logger });
    try {
      const res = await request(app.getHttpServer()).get('/health');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        status: 'error',
        info: { lm: { status: 'down', model: 'ollama/llama3.2', error: 'LM_CONNECTION' } },
      });
      expect(JSON.stringify(logger.lines)).not.toContain('hunter2');
    } finally {
      await app.close();
    }
  });

  it("the service's LM keeps a short history (100 calls, 1 MB) unless the LM set its own", async () => {
    const lm = supportLm();
    const app = await createSupportApp({ lm });
    try {
      expect(lm.history.limits).toEqual({ maxEntries: 100, maxBytes: 1_000_000 });
    } finally {
      await app.close();
    }
  });
});
