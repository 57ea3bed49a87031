// Random search with its candidates scored on 3 worker processes (real redis-server, the real
// OpenAI-compatible client against FakeOpenAIServer, whose answers depend on the demos in the prompt)
// gives the same program, candidate scores and subscores as the same search scored locally.
import type { ChildProcess } from 'node:child_process';
import { Example, withSettings } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import { BootstrapFewShotWithRandomSearch, type CandidateEvaluator } from '@dspy-ts/optimizers';
import { FakeOpenAIServer } from '@dspy-ts/testing';
import { DistributedEvaluator } from '../src';
import { answerMatches, demoAwareReply, QA } from './support/qa-program';
import { startRedis, type RedisProcess } from './support/redis-server';
import { killAll, spawnWorker, workerBuilt } from './support/worker-processes';

jest.setTimeout(180_000);
const run = workerBuilt() ? describe : describe.skip; // needs `tsc -b` (npm test runs it first)

function examples(from: number, n: number) {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return new Example({ question: `What is ${i} + ${i + 1}?`, answer: String(2 * i + 1) }).withInputs('question');
  });
}

run('optimizers with a DistributedEvaluator', () => {
  let redis: RedisProcess;
  let server: FakeOpenAIServer;
  let workers: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    server = await new FakeOpenAIServer({ latencyMs: 5, maxRecorded: 0 }).start();
    server.script.respondWith((req) => {
      const messages = (req.body as { messages: { content: string }[] }).messages;
      return {
        content: demoAwareReply(messages.map((m) => m.content).join('\n')),
        promptTokens: 40,
        completionTokens: 4,
      };
    });
    workers = await Promise.all(
      [0, 1, 2].map((i) =>
        spawnWorker({
          REDIS_URL: redis.url,
          QUEUE: 'optimizer',
          LM_BASE_URL: server.baseURL,
          WORKER_ID: `w${i}`,
          CONCURRENCY: '4',
        }),
      ),
    );
  });
  afterAll(async () => {
    await killAll(workers);
    await server?.close();
    await redis?.stop();
  });

  async function compile(evaluator?: CandidateEvaluator) {
    const lm = new OpenAICompatibleLM({ model: 'fake', baseURL: server.baseURL, apiKey: 'sk-test', cache: false });
    const search = new BootstrapFewShotWithRandomSearch({
      metric: answerMatches,
      numCandidatePrograms: 4,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 3,
      ...(evaluator ? { evaluator } : {}),
    });
    return withSettings({ lm }, () =>
      search.compile(new QA(), { trainset: examples(0, 16), valset: examples(100, 30) }),
    );
  }

  it('random search compiled distributed gives the same program as compiled locally', async () => {
    const local = await compile();
    const counts: Record<string, number> = {};
    const evaluator = new DistributedEvaluator({
      connection: redis.url,
      queueName: 'optimizer',
      onEvaluated: ({ workers: byWorker }) => {
        for (const [w, n] of Object.entries(byWorker)) counts[w] = (counts[w] ?? 0) + n;
      },
    });
    const distributed = await compile(evaluator);

    const summary = (r: typeof local) =>
      r.report.candidates.map((c) => ({
        seed: c.seed,
        score: c.score,
        subscores: c.subscores,
        demos: c.demos,
        lmCalls: c.lmCalls,
        tokens: c.tokens,
      }));
    // The workers' LM calls and tokens come back through the evaluator's `cost` into the trial reports:
    // the same totals as the local run's.
    const trials = (r: typeof local) =>
      (r.report.trials ?? []).map((t) => ({
        fullScore: t.fullScore,
        demos: t.demos,
        lmCalls: t.lmCalls,
        tokens: t.tokens,
      }));
    expect(trials(distributed)).toEqual(trials(local));
    expect(trials(local)).toHaveLength(local.report.candidates.length);
    // The search is meaningful: candidates (different demos) score differently.
    expect(new Set(local.report.candidates.map((c) => c.score)).size).toBeGreaterThan(1);
    expect(summary(distributed)).toEqual(summary(local));
    expect(distributed.report.bestIndex).toBe(local.report.bestIndex);
    // The run-level counts include the workers' calls too (the coordinator only bootstrapped).
    expect([distributed.report.lmCalls, distributed.report.tokens]).toEqual([
      local.report.lmCalls,
      local.report.tokens,
    ]);
    expect(distributed.program.dumpState()).toEqual(local.program.dumpState());
    // Every candidate was scored on the workers (7 candidates × 30 valset rows), by all three.
    expect(Object.keys(counts).sort()).toEqual(['w0', 'w1', 'w2']);
    expect(Object.values(counts).reduce((s, n) => s + n, 0)).toBe(local.report.candidates.length * 30);
  });
});
