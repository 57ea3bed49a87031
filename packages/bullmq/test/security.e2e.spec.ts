// Credentials never leave the process that holds them: a real password-protected redis-server (and a
// TLS one), 2 worker processes with the real OpenAI-compatible client against FakeOpenAIServer, which
// requires an API key and echoes it in its error bodies for "poison" questions (the worst case).
// After each run every Redis key and value, the workers' output, the coordinator's progress output,
// the result JSON and the partial-results file are scanned for the secrets.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DspyError, Example } from '@dspy-ts/core';
import { FakeOpenAIServer } from '@dspy-ts/testing';
import { Redis, type RedisOptions } from 'ioredis';
import { assertRedisReachable, DistributedEvaluate, startWorker } from '../src';
import { answerMatches, ArithmeticLM, QA, replyFor } from './support/qa-program';
import { startRedis, type RedisProcess } from './support/redis-server';
import { hasOpenssl, makeCerts, type TestCerts } from './support/tls-certs';
import { killAll, outputOf, spawnWorker, workerBuilt } from './support/worker-processes';

jest.setTimeout(120_000);
const run = workerBuilt() ? describe : describe.skip; // needs `tsc -b` (npm test runs it first)

const PASSWORD = `redis-pw-${randomBytes(6).toString('hex')}`;
const API_KEY = `sk-live-${randomBytes(12).toString('hex')}`;

function devset(n: number) {
  return Array.from({ length: n }, (_, i) =>
    new Example({
      question: i % 10 === 7 ? `poison ${i}` : `What is ${i} + ${i + 1}?`,
      answer: String(2 * i + 1),
    }).withInputs('question'),
  );
}

/** Every key name and every value in Redis, as text (strings, hashes, lists, sets, sorted sets, streams). */
async function dumpRedis(client: Redis): Promise<{ keys: string[]; text: string }> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'COUNT', 500);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const parts: string[] = [];
  for (const key of keys) {
    const type = await client.type(key);
    const value =
      type === 'string'
        ? await client.get(key)
        : type === 'hash'
          ? await client.hgetall(key)
          : type === 'list'
            ? await client.lrange(key, 0, -1)
            : type === 'set'
              ? await client.smembers(key)
              : type === 'zset'
                ? await client.zrange(key, 0, -1, 'WITHSCORES')
                : type === 'stream'
                  ? await client.xrange(key, '-', '+')
                  : `<${type}>`;
    parts.push(key, JSON.stringify(value));
  }
  return { keys, text: parts.join('\n') };
}

function expectNoSecret(where: string, text: string): void {
  for (const secret of [PASSWORD, API_KEY]) {
    if (text.includes(secret))
      throw new Error(
        `${where} contains a secret: …${text.slice(text.indexOf(secret) - 80, text.indexOf(secret) + 40)}…`,
      );
  }
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

run('credentials never reach Redis, logs, errors or results', () => {
  let redis: RedisProcess;
  let server: FakeOpenAIServer;
  let workers: ChildProcess[] = [];
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'dspy-ts-security-'));
    redis = await startRedis({ password: PASSWORD });
    server = await new FakeOpenAIServer({ apiKey: API_KEY, latencyMs: 5 }).start();
    server.script.respondWith((req) => {
      const text = (req.body as { messages: { content: string }[] }).messages.map((m) => m.content).join('\n');
      // A careless upstream that quotes the credentials it was sent in its error body.
      if (text.includes('poison')) throw new Error(`upstream refused ${req.headers.authorization}`);
      return { content: replyFor(text), promptTokens: 20, completionTokens: 3 };
    });
  });
  afterAll(async () => {
    await killAll(workers);
    await server?.close();
    await redis?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('a run with LM failures that quote the key leaves no password or API key anywhere', async () => {
    expect(redis.url).toContain(PASSWORD); // the workers and the coordinator really use it
    workers = await Promise.all(
      [0, 1].map((i) =>
        spawnWorker({
          REDIS_URL: redis.url,
          QUEUE: 'secure',
          LM_BASE_URL: server.baseURL,
          LM_API_KEY: API_KEY,
          LM_RETRIES: '0',
          WORKER_ID: `w${i}`,
          CONCURRENCY: '4',
        }),
      ),
    );
    const progress = new Capture();
    const partial = join(tmp, 'partial.json');
    const result = await new DistributedEvaluate({
      connection: redis.url,
      queueName: 'secure',
      devset: devset(40),
      metric: 'answerMatches',
      attempts: 2,
      backoffMs: 10,
      maxErrors: 100,
      progress: true,
      progressStream: progress,
      partialResultsPath: partial,
    }).run(new QA());

    // The run did meet the secrets: the key authorized every call and the failing rows are LM errors.
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${API_KEY}`)).toBe(true);
    const failed = result.rows.filter((r) => r.error !== undefined);
    expect(failed.map((r) => r.index)).toEqual([7, 17, 27, 37]);
    expect(failed.every((r) => r.errorKind === 'lm')).toBe(true);
    expect(String((failed[0]!.error as Error).message)).toContain('[redacted]');

    const client = new Redis(redis.url);
    try {
      const dump = await dumpRedis(client);
      expect(dump.keys.some((k) => k.startsWith('bull:secure:'))).toBe(true);
      expect(dump.keys.some((k) => k.startsWith('dspy-ts:state:'))).toBe(true);
      expectNoSecret('Redis', dump.text);
    } finally {
      client.disconnect();
    }
    expectNoSecret('result JSON', JSON.stringify(result.toJSON()));
    expectNoSecret(
      'row errors',
      failed.map((r) => `${(r.error as Error).message} ${(r.error as Error).stack}`).join('\n'),
    );
    expectNoSecret('coordinator progress output', progress.text);
    await killAll(workers, 'SIGTERM');
    const logs = workers.map(outputOf).join('\n');
    expect(logs).toContain('attempt failed'); // the workers did log the failures
    expectNoSecret('worker output', logs);
    expect(() => readFileSync(partial)).toThrow(); // a finished run leaves no partial file
  });

  it('errors about Redis name the server but never the password', async () => {
    const wrong = `redis://:${PASSWORD}@127.0.0.1:1`;
    const err = await assertRedisReachable(wrong, 1_000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(DspyError.is(err, 'QUEUE_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toContain('redis://***@127.0.0.1:1');
    expectNoSecret('unreachable error', `${(err as Error).message}\n${(err as Error).stack}`);

    // Wrong password: the server answers, the error says so without quoting either password.
    const badAuth = redis.url.replace(PASSWORD, `${PASSWORD}-wrong`);
    const authErr = await assertRedisReachable(badAuth, 2_000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(DspyError.is(authErr, 'QUEUE_UNAVAILABLE')).toBe(true);
    expectNoSecret('bad-auth error', `${(authErr as Error).message}\n${(authErr as Error).stack}`);
  });
});

const tlsRun = hasOpenssl() ? describe : describe.skip;

tlsRun('TLS (rediss://) with a password', () => {
  let redis: RedisProcess;
  let certs: TestCerts;
  let server: FakeOpenAIServer;
  let workers: ChildProcess[] = [];

  beforeAll(async () => {
    certs = makeCerts();
    redis = await startRedis({ password: PASSWORD, tls: certs });
    server = await new FakeOpenAIServer({ apiKey: API_KEY, latencyMs: 5 }).start();
    server.script.respondWith((req) => {
      const text = (req.body as { messages: { content: string }[] }).messages.map((m) => m.content).join('\n');
      return { content: replyFor(text), promptTokens: 20, completionTokens: 3 };
    });
  });
  afterAll(async () => {
    await killAll(workers);
    await server?.close();
    await redis?.stop();
    rmSync(certs.dir, { recursive: true, force: true });
  });

  it('a worker process on a rediss:// URL (CA from NODE_EXTRA_CA_CERTS) and a coordinator on ioredis options', async () => {
    expect(redis.url.startsWith('rediss://')).toBe(true);
    // Plain TCP is refused: the server only speaks TLS.
    const plain = redis.url.replace('rediss://', 'redis://');
    await expect(assertRedisReachable(plain, 1_500)).rejects.toThrow(/not reachable/);
    workers = [
      await spawnWorker({
        REDIS_URL: redis.url,
        NODE_EXTRA_CA_CERTS: certs.ca,
        QUEUE: 'tls',
        LM_BASE_URL: server.baseURL,
        LM_API_KEY: API_KEY,
        WORKER_ID: 'tls-w0',
      }),
    ];
    const connection: RedisOptions = {
      host: '127.0.0.1',
      port: redis.port,
      password: PASSWORD,
      tls: { ca: certs.caPem },
    };
    const data = devset(12).filter((e) => !String(e.get('question')).startsWith('poison'));
    const result = await new DistributedEvaluate({
      connection,
      queueName: 'tls',
      devset: data,
      metric: 'answerMatches',
      progress: false,
    }).run(new QA());
    expect(result.rows).toHaveLength(data.length);
    expect(result.totals.errors).toBe(0);
    expect(result.workers).toEqual({ 'tls-w0': data.length });

    // An in-process worker with the same options object works too (the README's TLS recipe).
    const inProcess = await startWorker({
      connection,
      queueName: 'tls-2',
      programs: { QA },
      metrics: { answerMatches },
      lm: new ArithmeticLM(),
      id: 'tls-in-process',
    });
    try {
      const second = await new DistributedEvaluate({
        connection,
        queueName: 'tls-2',
        devset: data,
        metric: 'answerMatches',
        progress: false,
      }).run(new QA());
      expect(second.score).toBe(result.score);
    } finally {
      await inProcess.close({ force: true });
    }
    await killAll(workers, 'SIGTERM');
    expectNoSecret('TLS worker output', workers.map(outputOf).join('\n'));
  });
});
