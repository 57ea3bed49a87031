// A worker inside a NestJS 11 application context (NestFactory.createApplicationContext, as a
// worker service would start), on a real redis-server; ArithmeticLM is a scripted in-process LM.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Evaluate, Example, withSettings } from '@dspy-ts/core';
import { DistributedEvaluate } from '../src';
import { EvaluationWorker, WorkerModule } from './support/nest-worker';
import { answerMatches, ArithmeticLM, QA } from './support/qa-program';
import { startRedis, type RedisProcess } from './support/redis-server';

jest.setTimeout(60_000);

describe('a NestJS worker service', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('starts the worker in onModuleInit, runs jobs, and closes it in onModuleDestroy', async () => {
    const lm = new ArithmeticLM();
    const app = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({ redisUrl: redis.url, queueName: 'nest', lm }),
      { logger: false },
    );
    const devset = Array.from({ length: 20 }, (_, i) =>
      new Example({ question: `What is ${i} + ${i + 1}?`, answer: String(2 * i + 1) }).withInputs('question'),
    );
    try {
      const remote = await new DistributedEvaluate({
        connection: redis.url,
        queueName: 'nest',
        devset,
        metric: 'answerMatches',
        progress: false,
      }).run(new QA());
      const local = await withSettings({ lm }, () =>
        new Evaluate({ devset, metric: answerMatches, progress: false }).run(new QA()),
      );
      expect(remote.score).toBe(local.score);
      expect(remote.workers).toEqual({ 'nest-worker': 20 });
      expect(app.get(EvaluationWorker).processed()).toBe(20);
    } finally {
      await app.close();
    }
  });
});
