// The README's NestJS worker: a plain provider that starts a dspy-ts worker when the Nest app
// starts and closes it (finishing running jobs) when the app shuts down.
import { Inject, Injectable, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { LanguageModel } from '@dspy-ts/core';
import { startWorker, type DistributedWorker } from '../../src';
import { answerMatches, QA } from './qa-program';

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
export interface WorkerConfig {
  readonly redisUrl: string;
  readonly queueName?: string;
  readonly lm: LanguageModel;
}

@Injectable()
export class EvaluationWorker implements OnModuleInit, OnModuleDestroy {
  private worker?: DistributedWorker;

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {}

  async onModuleInit(): Promise<void> {
    this.worker = await startWorker({
      connection: this.config.redisUrl,
      queueName: this.config.queueName,
      programs: { QA },
      metrics: { answerMatches },
      lm: this.config.lm,
      concurrency: 8,
      id: 'nest-worker',
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
  }

  processed(): number {
    return this.worker?.processed() ?? 0;
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig) {
    return {
      module: WorkerModule,
      providers: [{ provide: WORKER_CONFIG, useValue: config }, EvaluationWorker],
      exports: [EvaluationWorker],
    };
  }
}
