// MIPROv2 (explicit small budget) compiled with a DistributedEvaluator gives the same program and
// the same trial scores as compiled with the default local evaluator: real redis-server and BullMQ,
// workers in this process, IdeaLM (FakeIdeaServer's scripted answers in process) as the LM.
import { Example, Module, Predict, Program, resetSettings, withSettings } from '@dspy-ts/core';
import { type CandidateEvaluator, MIPROv2 } from '@dspy-ts/optimizers';
import { DistributedEvaluator, startWorker, type DistributedWorker } from '../src';
import { IdeaLM } from './support/idea-lm';
import { startRedis, type RedisProcess } from './support/redis-server';

jest.setTimeout(120_000);

const WORDS = ['apple', 'banana', 'cherry', 'dragon', 'eagle', 'forest', 'garden', 'harbor', 'island', 'jungle'];
function reverseExamples(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const word = WORDS[(from + i) % WORDS.length]! + String(from + i);
    return new Example({ word, answer: [...word].reverse().join('') }).withInputs('word');
  });
}

/** Registered on the workers under its function name. */
function exactAnswer(example: Example<any>, prediction: { answer?: string }): boolean {
  return example.get('answer') === prediction.answer;
}

@Module({ description: 'Reverses a word' })
class Reverse extends Program<{ word: string }> {
  readonly reverse = new Predict('word -> answer');
  async forward({ word }: { word: string }) {
    return this.reverse.call({ word });
  }
}

describe('MIPROv2 with a DistributedEvaluator on a real Redis', () => {
  let redis: RedisProcess;
  const workers: DistributedWorker[] = [];
  const workerLm = new IdeaLM();

  beforeAll(async () => {
    redis = await startRedis();
    for (const id of ['w0', 'w1'])
      workers.push(
        await startWorker({
          connection: redis.url,
          queueName: 'mipro',
          programs: { Reverse },
          metrics: { exactAnswer },
          lm: workerLm,
          concurrency: 4,
          id,
        }),
      );
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close({ force: true })));
    await redis?.stop();
    resetSettings();
  });

  async function compile(evaluator?: CandidateEvaluator) {
    const lm = new IdeaLM();
    const mipro = new MIPROv2({
      metric: exactAnswer,
      auto: null,
      numCandidates: 2,
      numTrials: 4,
      minibatchSize: 4,
      minibatchFullEvalSteps: 2,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 2,
      progress: false,
      ...(evaluator ? { evaluator } : {}),
    });
    const result = await withSettings({ lm }, () =>
      mipro.compile(new Reverse(), { trainset: reverseExamples(0, 10), valset: reverseExamples(10, 8) }),
    );
    return { result, stats: { ...lm.brain.stats } };
  }

  it('gives the same program and trial scores as the local evaluator, with the same seed', async () => {
    const local = await compile();
    const rows: Record<string, number> = {};
    const distributed = await compile(
      new DistributedEvaluator({
        connection: redis.url,
        queueName: 'mipro',
        onEvaluated: ({ workers: byWorker }) => {
          for (const [w, n] of Object.entries(byWorker)) rows[w] = (rows[w] ?? 0) + n;
        },
      }),
    );

    const trials = (r: typeof local.result) =>
      r.report.trials!.map((t) => ({
        kind: t.kind,
        params: t.params,
        instructions: t.instructions,
        demos: t.demos,
        minibatchScore: t.minibatchScore,
        fullScore: t.fullScore,
        lmCalls: t.lmCalls,
        tokens: t.tokens,
      }));
    expect(trials(distributed.result)).toEqual(trials(local.result));
    expect(local.result.report.trials!.length).toBeGreaterThan(3);
    // The search is meaningful: trials score differently.
    expect(new Set(local.result.report.trials!.map((t) => t.minibatchScore ?? t.fullScore)).size).toBeGreaterThan(1);
    expect(distributed.result.report.bestScore).toBe(local.result.report.bestScore);
    expect(distributed.result.report.instructionCandidates).toEqual(local.result.report.instructionCandidates);
    expect(JSON.stringify(distributed.result.program.dumpState())).toBe(
      JSON.stringify(local.result.program.dumpState()),
    );
    // Every candidate evaluation ran on the workers (both took rows); the proposer prompts stayed here.
    expect(Object.keys(rows).sort()).toEqual(['w0', 'w1']);
    expect(workerLm.brain.stats.promptCalls).toBe(0);
    expect(distributed.stats.promptCalls).toBe(local.stats.promptCalls);
    // A row already computed (same candidate state and example: a minibatch row scored again in a
    // full evaluation) is one BullMQ job, computed once; its stored cost is reported each time, as a
    // local evaluation would spend it, so the run-level counts match the local run's.
    expect(workerLm.brain.stats.taskCalls).toBeLessThanOrEqual(local.stats.taskCalls);
    expect(workerLm.brain.stats.taskCalls).toBeGreaterThan(0);
    expect(distributed.stats.taskCalls).toBe(0);
    expect(distributed.result.report.lmCalls).toBe(local.result.report.lmCalls);
    expect(distributed.result.report.tokens).toEqual(local.result.report.tokens);
  });
});
