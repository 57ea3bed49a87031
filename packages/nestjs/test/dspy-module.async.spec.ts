import { Inject, Injectable, Module as NestModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { LanguageModel } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { DSPY_MODULE_OPTIONS, DspyModule, type DspyModuleOptions } from '../src';
import { QA } from './fixtures';

/** Stands in for @nestjs/config's ConfigService: values read at startup, maybe asynchronously. */
@Injectable()
class ConfigService {
  constructor(@Inject('ENV') private readonly env: Record<string, string>) {}
  get(key: string): string | undefined {
    return this.env[key];
  }
}

@NestModule({
  providers: [{ provide: 'ENV', useValue: { MODEL_ANSWER: 'from config' } }, ConfigService],
  exports: [ConfigService],
})
class ConfigModule {}

const lmFrom = (config: ConfigService): LanguageModel => new DummyLM([{ answer: config.get('MODEL_ANSWER') }]);

describe('DspyModule.forRootAsync', () => {
  it('builds the options from an injected ConfigService (useFactory + inject + imports)', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        DspyModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: async (config: ConfigService) => ({ lm: lmFrom(config), traceIdHeader: 'x-request-id' }),
        }),
        DspyModule.forFeature([QA]),
      ],
    }).compile();
    expect((await moduleRef.get(QA).call({ question: 'q' })).answer).toBe('from config');
    expect(moduleRef.get<DspyModuleOptions>(DSPY_MODULE_OPTIONS).traceIdHeader).toBe('x-request-id');
  });

  it('follows test overrides of the config provider', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        DspyModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (c: ConfigService) => ({ lm: lmFrom(c) }),
        }),
        DspyModule.forFeature([QA]),
      ],
    })
      .overrideProvider(ConfigService)
      .useValue({ get: () => 'overridden' })
      .compile();
    expect((await moduleRef.get(QA).call({ question: 'q' })).answer).toBe('overridden');
  });

  it('accepts useClass with a create() factory, as Nest configurable modules do', async () => {
    @Injectable()
    class DspyConfig {
      create(): DspyModuleOptions {
        return { lm: new DummyLM([{ answer: 'from a class' }]) };
      }
    }
    const moduleRef = await Test.createTestingModule({
      imports: [DspyModule.forRootAsync({ useClass: DspyConfig }), DspyModule.forFeature([QA])],
    }).compile();
    expect((await moduleRef.get(QA).call({ question: 'q' })).answer).toBe('from a class');
  });
});
