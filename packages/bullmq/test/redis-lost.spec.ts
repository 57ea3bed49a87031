// Real redis-server killed and restarted mid-run; workers in this process; scripted in-process LM.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DspyError, Example } from '@dspy-ts/core';
import { DistributedEvaluate, startWorker, type DistributedWorker } from '../src';
import { answerMatches, ArithmeticLM, QA } from './support/qa-program';
import { startRedis, type RedisProcess } from './support/redis-server';

jest.setTimeout(60_000);

/** ArithmeticLM that takes `ms` per call, so a run is still going when Redis goes away. */
class SlowLM extends ArithmeticLM {
  constructor(private readonly ms: number) {
    super();
  }
  protected override async forward(...args: Parameters<ArithmeticLM['forward']>) {
    await new Promise((r) => setTimeout(r, this.ms));
    return super.forward(...args);
  }
}

const devset = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    new Example({ question: `What is ${i} + 1?`, answer: String(i + 1) }).withInputs('question'),
  );

describe('Redis lost mid-run', () => {
  let redis: RedisProcess | undefined;
  let workers: DistributedWorker[] = [];
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close({ force: true }).catch(() => undefined)));
    workers = [];
    await redis?.stop();
  });

  it('waits for Redis to come back (empty, no persistence), re-adds what was lost and finishes', async () => {
    redis = await startRedis();
    const port = redis.port;
    workers.push(
      await startWorker({
        connection: redis.url,
        queueName: 'lost',
        programs: { QA },
        metrics: { answerMatches },
        lm: new SlowLM(40),
        concurrency: 4,
      }),
    );
    let restarted = false;
    const run = new DistributedEvaluate({
      connection: redis.url,
      queueName: 'lost',
      devset: devset(40),
      metric: 'answerMatches',
      pollIntervalMs: 200,
      redisLostTimeoutMs: 20_000,
      progress: false,
      onProgress: (p) => {
        if (!restarted && p.done >= 8) {
          restarted = true;
          void (async () => {
            await redis!.stop();
            await new Promise((r) => setTimeout(r, 1_000));
            redis = await startRedis({ port });
          })();
        }
      },
    }).run(new QA());
    const result = await run;
    expect(restarted).toBe(true);
    expect(result.rows).toHaveLength(40);
    expect(result.rows.every((r, i) => r.index === i && r.errorKind === undefined)).toBe(true);
  });

  it('fails with QUEUE_UNAVAILABLE and the partial rows saved when Redis stays away', async () => {
    redis = await startRedis();
    workers.push(
      await startWorker({
        connection: redis.url,
        queueName: 'gone',
        programs: { QA },
        metrics: { answerMatches },
        lm: new SlowLM(60),
        concurrency: 2,
      }),
    );
    const partial = join(tmpdir(), `dspy-ts-partial-${process.pid}.json`);
    rmSync(partial, { force: true });
    let stopped = false;
    const err = await new DistributedEvaluate({
      connection: redis.url,
      queueName: 'gone',
      devset: devset(30),
      metric: 'answerMatches',
      pollIntervalMs: 200,
      redisLostTimeoutMs: 1_500,
      partialResultsPath: partial,
      progress: false,
      onProgress: (p) => {
        if (!stopped && p.done >= 4) {
          stopped = true;
          void redis!.stop();
        }
      },
    })
      .run(new QA())
      .catch((e: unknown) => e);
    expect(DspyError.is(err, 'QUEUE_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toContain('Rerun the same evaluation');
    expect(existsSync(partial)).toBe(true);
    const saved = JSON.parse(readFileSync(partial, 'utf8')) as { rows: unknown[] };
    expect(saved.rows.length).toBeGreaterThanOrEqual(4);
    rmSync(partial, { force: true });
    redis = undefined;
  });
});
