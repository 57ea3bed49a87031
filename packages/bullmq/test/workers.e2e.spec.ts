// e2e: a real redis-server, 3 worker processes (compiled fixture), the real OpenAI-compatible client
// against FakeOpenAIServer on loopback. Compares DistributedEvaluate to a local Evaluate row for row.
import type { ChildProcess } from 'node:child_process';
import { Evaluate, Example, withSettings, type EvaluationRow } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import { FakeOpenAIServer } from '@dspy-ts/testing';
import { DistributedEvaluate } from '../src';
import { answerMatches, QA, replyFor } from './support/qa-program';
import { startRedis, type RedisProcess } from './support/redis-server';
import { killAll, spawnWorker, workerBuilt } from './support/worker-processes';

jest.setTimeout(120_000);
const run = workerBuilt() ? describe : describe.skip; // needs `tsc -b` (npm test runs it first)

function devset(n: number) {
  return Array.from({ length: n }, (_, i) =>
    new Example({ question: `What is ${i} + ${i + 1}?`, answer: String(2 * i + 1) }).withInputs('question'),
  );
}

function comparable(rows: readonly EvaluationRow[]) {
  return rows.map((r) => ({
    index: r.index,
    prediction: (r.prediction as { toDict?: () => unknown } | undefined)?.toDict?.(),
    score: r.score,
    errorKind: r.errorKind,
    usage: r.usage,
  }));
}

run('3 worker processes against a fake LM server', () => {
  let redis: RedisProcess;
  let server: FakeOpenAIServer;
  let workers: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    server = await new FakeOpenAIServer({ latencyMs: 60, maxRecorded: 0 }).start();
    server.script.respondWith((req) => {
      const messages = (req.body as { messages: { content: string }[] }).messages;
      return { content: replyFor(messages.map((m) => m.content).join('\n')), promptTokens: 50, completionTokens: 5 };
    });
  });
  afterAll(async () => {
    await killAll(workers);
    await server?.close();
    await redis?.stop();
  });

  async function startWorkers(queue: string, extra: Record<string, string> = {}) {
    workers = await Promise.all(
      [0, 1, 2].map((i) =>
        spawnWorker({
          REDIS_URL: redis.url,
          QUEUE: queue,
          LM_BASE_URL: server.baseURL,
          WORKER_ID: `w${i}`,
          CONCURRENCY: '4',
          ...extra,
        }),
      ),
    );
  }

  async function localResult(data: ReturnType<typeof devset>) {
    const lm = new OpenAICompatibleLM({ model: 'fake', baseURL: server.baseURL, apiKey: 'sk-test', cache: false });
    return withSettings({ lm }, () =>
      new Evaluate({ devset: data, metric: answerMatches, concurrency: 12, progress: false }).run(new QA()),
    );
  }

  it('a 300-example distributed Evaluate equals the local Evaluate row for row', async () => {
    await startWorkers('e2e-equal');
    const data = devset(300);
    const local = await localResult(data);
    const remote = await new DistributedEvaluate({
      connection: redis.url,
      queueName: 'e2e-equal',
      devset: data,
      metric: 'answerMatches',
      progress: false,
    }).run(new QA());
    expect(remote.score).toBe(local.score);
    expect(comparable(remote.rows)).toEqual(comparable(local.rows));
    expect(Object.keys(remote.workers).sort()).toEqual(['w0', 'w1', 'w2']);
    await killAll(workers, 'SIGTERM');
  });

  it('kill -9 of one worker mid-run: same result, no lost or duplicated rows', async () => {
    // Short locks so the dead worker's jobs come back in ~2 s instead of BullMQ's default 30 s.
    await startWorkers('e2e-kill', { LOCK_MS: '2000', STALLED_MS: '1000' });
    const data = devset(300);
    const local = await localResult(data);
    let killed = false;
    const done: number[] = [];
    const remote = await new DistributedEvaluate({
      connection: redis.url,
      queueName: 'e2e-kill',
      devset: data,
      metric: 'answerMatches',
      progress: false,
      onProgress: (p) => {
        done.push(p.done);
        if (!killed && p.done >= 60) {
          killed = true;
          workers[0]!.kill('SIGKILL');
        }
      },
    }).run(new QA());
    expect(killed).toBe(true);
    expect(remote.rows).toHaveLength(300);
    expect(remote.rows.map((r) => r.index)).toEqual(data.map((_, i) => i));
    expect(new Set(done).size).toBe(done.length); // every progress step counted one new row: nothing twice
    expect(remote.score).toBe(local.score);
    expect(comparable(remote.rows)).toEqual(comparable(local.rows));
    await killAll(workers, 'SIGTERM');
  });
});
