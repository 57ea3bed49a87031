// Real redis-server (OS package) and real BullMQ; workers in this process; ArithmeticLM is a scripted in-process LM.
import {
  DspyError,
  Evaluate,
  Example,
  resetSettings,
  setModelPrices,
  withSettings,
  type EvaluationRow,
} from '@dspy-ts/core';
import { DistributedEvaluate, startWorker, type DistributedWorker } from '../src';
import { startRedis, type RedisProcess } from './support/redis-server';
import { answerMatches, ArithmeticLM, QA } from './support/qa-program';

jest.setTimeout(60_000);

function devset(n: number, extra: Record<number, string> = {}): Example<{ question: string; answer: string }>[] {
  return Array.from({ length: n }, (_, i) =>
    new Example({ question: extra[i] ?? `What is ${i} + ${i + 1}?`, answer: String(2 * i + 1) }).withInputs('question'),
  );
}

function comparable(rows: readonly EvaluationRow[]) {
  return rows.map((r) => ({
    index: r.index,
    example: r.example.toDict(),
    prediction: (r.prediction as { toDict?: () => unknown } | undefined)?.toDict?.(),
    score: r.score,
    errorKind: r.errorKind,
    error: r.error instanceof Error ? `${(r.error as DspyError).code ?? r.error.name}: ${r.error.message}` : undefined,
    lmCalls: r.lmCalls,
    usage: r.usage,
  }));
}

describe('DistributedEvaluate on a real Redis', () => {
  let redis: RedisProcess;
  let workers: DistributedWorker[] = [];
  let queueName: string;
  let n = 0;

  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  beforeEach(() => {
    queueName = `test-${process.pid}-${++n}`;
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.close({ force: true })));
    workers = [];
    resetSettings();
  });

  async function start(count: number, lm = new ArithmeticLM()) {
    for (let i = 0; i < count; i++) {
      workers.push(
        await startWorker({
          connection: redis.url,
          queueName,
          programs: { QA },
          metrics: { answerMatches },
          lm,
          concurrency: 4,
          id: `w${i}`,
        }),
      );
    }
    return lm;
  }

  it('returns the same rows, in the same order, with the same score as a local Evaluate', async () => {
    setModelPrices({ arithmetic: { inputPerMillion: 1, outputPerMillion: 2 } }); // so the cost is not 0
    await start(2);
    const data = devset(40);
    const local = await withSettings({ lm: new ArithmeticLM() }, () =>
      new Evaluate({ devset: data, metric: answerMatches, progress: false }).run(new QA()),
    );
    const remote = await new DistributedEvaluate({
      connection: redis.url,
      queueName,
      devset: data,
      metric: answerMatches,
      progress: false,
    }).run(new QA());
    expect(remote.score).toBe(local.score);
    expect(local.score).toBeGreaterThan(0);
    expect(local.score).toBeLessThan(100);
    expect(comparable(remote.rows)).toEqual(comparable(local.rows));
    expect(remote.totals.lmCalls).toBe(local.totals.lmCalls);
    // Priced from the rows' per-model usage the workers measured, as locally.
    expect(local.totals.costUsd).toBeGreaterThan(0);
    expect(remote.totals.costUsd).toBeCloseTo(local.totals.costUsd, 12);
    expect(Object.values(remote.workers).reduce((a, b) => a + b, 0)).toBe(40);
  });

  it('ships the saved state: demos set on the coordinator reach the workers', async () => {
    const lm = await start(1);
    const program = new QA();
    program.answer.demos = [new Example({ question: 'What is 100 + 1?', answer: '101' })];
    await new DistributedEvaluate({
      connection: redis.url,
      queueName,
      devset: devset(2),
      metric: 'answerMatches',
      progress: false,
    }).run(program);
    const prompt = JSON.stringify(lm.history.entries.at(-1));
    expect(prompt).toContain('What is 100 + 1?');
  });

  it('reuses stored rows when the same evaluation runs again (coordinator restart)', async () => {
    const lm = await start(1);
    const options = {
      connection: redis.url,
      queueName,
      devset: devset(12),
      metric: 'answerMatches',
      progress: false as const,
    };
    const first = await new DistributedEvaluate(options).run(new QA());
    const callsAfterFirst = lm.usage.calls;
    expect(callsAfterFirst).toBe(12);
    const second = await new DistributedEvaluate(options).run(new QA());
    expect(lm.usage.calls).toBe(callsAfterFirst); // nothing recomputed
    expect(comparable(second.rows)).toEqual(comparable(first.rows));
  });

  it('computes a duplicated example once and fills every row that holds it', async () => {
    const lm = await start(1);
    const data = [...devset(3), ...devset(3)];
    const result = await new DistributedEvaluate({
      connection: redis.url,
      queueName,
      devset: data,
      metric: 'answerMatches',
      progress: false,
    }).run(new QA());
    expect(lm.usage.calls).toBe(3);
    expect(result.rows.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(comparable(result.rows.slice(3)).map((r) => r.score)).toEqual(
      comparable(result.rows.slice(0, 3)).map((r) => r.score),
    );
  });

  it("reports a poison example as that row's LM error after the attempts, and finishes the rest", async () => {
    await start(2);
    const data = devset(6, { 2: 'poison: What is 2 + 3?' });
    const result = await new DistributedEvaluate({
      connection: redis.url,
      queueName,
      devset: data,
      metric: 'answerMatches',
      attempts: 3,
      backoffMs: 10,
      progress: false,
    }).run(new QA());
    expect(result.rows[2]!.errorKind).toBe('lm');
    expect(DspyError.is(result.rows[2]!.error, 'LM_SERVER')).toBe(true);
    expect(result.rows[2]!.score).toBeUndefined();
    expect(result.totals.lmErrors).toBe(1);
    expect(result.rows.filter((r) => r.errorKind === undefined)).toHaveLength(5);
  });

  it('stops after maxErrors failed rows with the rows finished so far', async () => {
    await start(1);
    const poison = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [i, `poison ${i}`]));
    const run = new DistributedEvaluate({
      connection: redis.url,
      queueName,
      devset: devset(8, poison),
      metric: 'answerMatches',
      attempts: 1,
      maxErrors: 3,
      progress: false,
    }).run(new QA());
    await expect(run).rejects.toMatchObject({ code: 'EXECUTION_CANCELLED' });
  });

  it('names the unreachable Redis without its password and says how to start it', async () => {
    const err = await new DistributedEvaluate({
      connection: 'redis://:hunter2@127.0.0.1:1',
      devset: devset(1),
      metric: 'answerMatches',
      progress: false,
    })
      .run(new QA())
      .catch((e: unknown) => e);
    expect(DspyError.is(err, 'QUEUE_UNAVAILABLE')).toBe(true);
    expect(String((err as Error).message)).toContain('redis://***@127.0.0.1:1');
    expect(String((err as Error).message)).toContain('redis-server');
    expect(String((err as Error).message)).not.toContain('hunter2');
  });

  it('refuses a devset value that does not survive JSON, naming the row, before reaching Redis', async () => {
    const rows = [...devset(1), new Example({ question: 'q', answer: 'a', check: () => true }).withInputs('question')];
    const err = await new DistributedEvaluate({
      connection: 'redis://127.0.0.1:1',
      devset: rows,
      metric: 'answerMatches',
      progress: false,
    })
      .run(new QA())
      .catch((e: unknown) => e);
    expect(DspyError.is(err, 'CONFIG_INVALID')).toBe(true);
    expect(String((err as Error).message)).toContain('devset[1]');
  });

  it("refuses a program or metric the worker does not know, as that row's error", async () => {
    await start(1);
    const result = await new DistributedEvaluate({
      connection: redis.url,
      queueName,
      devset: devset(2),
      metric: 'answerMatches',
      programName: 'Unknown',
      attempts: 1,
      progress: false,
    })
      .run(new QA())
      .catch((e: unknown) => e);
    // Every row failed (not scored), so summarize refuses like Evaluate does when nothing could be scored.
    expect(DspyError.is(result)).toBe(true);
    expect(JSON.stringify((result as DspyError).message)).toContain('no program named');
  });
});
