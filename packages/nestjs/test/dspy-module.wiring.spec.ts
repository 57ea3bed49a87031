import { Injectable, Module as NestModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { LM, Module as DspyProgram, RETRIEVER, type Retriever } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { type Container, inject } from 'inversify';
import { DSPY_CONTAINER, DSPY_LM, DspyModule } from '../src';
import { CountTerms, DefineTerm, Glossary, GlossaryModule, GlossaryRetriever, QA } from './fixtures';

// Inversify 7 does not inherit constructor injections, so the subclass repeats its constructor.
@DspyProgram()
class DefineTermElsewhere extends DefineTerm {
  constructor(@inject(RETRIEVER) kb: Retriever) {
    super(kb);
  }
}

@Injectable()
class AskService {
  constructor(readonly qa: QA) {}
}

describe('DspyModule wiring', () => {
  it('makes forFeature programs Nest singletons that answer with the forRoot LM', async () => {
    const lm = new DummyLM([{ answer: 'Paris' }]);
    const moduleRef = await Test.createTestingModule({
      imports: [DspyModule.forRoot({ lm }), DspyModule.forFeature([QA])],
      providers: [AskService],
    }).compile();
    const service = moduleRef.get(AskService);
    expect(service.qa).toBeInstanceOf(QA);
    expect(moduleRef.get(QA)).toBe(service.qa);
    expect((await service.qa.call({ question: 'Capital of France?' })).answer).toBe('Paris');
    expect(moduleRef.get<Container>(DSPY_CONTAINER).get(LM)).toBe(lm);
  });

  it('lets a test replace the LM with overrideProvider(DSPY_LM) before compile', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DspyModule.forRoot({ lm: new DummyLM([{ answer: 'from options' }]) }), DspyModule.forFeature([QA])],
    })
      .overrideProvider(DSPY_LM)
      .useValue(new DummyLM([{ answer: 'from the test' }]))
      .compile();
    expect((await moduleRef.get(QA).call({ question: 'q' })).answer).toBe('from the test');
  });

  it('feeds Inversify tokens from Nest providers (collaborators: useExisting)', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        DspyModule.forRoot({ lm: new DummyLM([{ definition: 'ranks documents by keywords' }]) }),
        DspyModule.forFeature([DefineTerm], {
          imports: [GlossaryModule],
          collaborators: [{ provide: RETRIEVER, useExisting: GlossaryRetriever }],
        }),
      ],
    }).compile();
    const program = moduleRef.get(DefineTerm);
    expect(program.kb).toBe(moduleRef.get(GlossaryRetriever));
    expect((await program.call({ term: 'BM25' })).definition).toBe('ranks documents by keywords');
  });

  it('hands class-typed constructor parameters from Nest when Nest provides them', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        DspyModule.forRoot({ lm: new DummyLM([]) }),
        DspyModule.forFeature([CountTerms], { imports: [GlossaryModule] }),
      ],
    }).compile();
    expect(moduleRef.get(CountTerms).glossary).toBe(moduleRef.get(Glossary));
  });

  it('binds collaborators given as values, and forRoot collaborators as defaults', async () => {
    const retriever = { retrieve: async () => [{ text: 'root', score: 1 }] };
    const feature = { retrieve: async () => [{ text: 'feature', score: 1 }] };
    const moduleRef = await Test.createTestingModule({
      imports: [
        DspyModule.forRoot({ lm: new DummyLM([]), retriever }),
        DspyModule.forFeature([DefineTerm]),
        DspyModule.forFeature([{ program: DefineTermElsewhere }], {
          collaborators: [{ provide: RETRIEVER, useValue: feature }],
        }),
      ],
    }).compile();
    expect(moduleRef.get(DefineTerm).kb).toBe(retriever);
    expect(moduleRef.get(DefineTermElsewhere).kb).toBe(feature);
  });

  it('works with a non-global root when the feature imports it', async () => {
    const root = DspyModule.forRoot({ lm: new DummyLM([{ answer: 'local' }]), isGlobal: false });
    @NestModule({ imports: [root, DspyModule.forFeature([QA], { imports: [root] })], providers: [AskService] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({ imports: [FeatureModule] }).compile();
    expect((await moduleRef.get(AskService).qa.call({ question: 'q' })).answer).toBe('local');
  });

  it('fails at declaration with the class name when a class is not a @Module() program', () => {
    class NotAProgram {}
    expect(() => DspyModule.forFeature([NotAProgram as never])).toThrow(/NotAProgram is not a program class/);
    expect(() => DspyModule.forFeature([])).toThrow(/non-empty array/);
    expect(() => DspyModule.forFeature([QA, DefineTerm], { compiledStatePath: 'x.json' })).toThrow(
      /one compiledStatePath for 2 programs/,
    );
  });

  it('fails startup with our error, naming the token and the fix, when a program lacks a collaborator', async () => {
    const build = Test.createTestingModule({
      imports: [DspyModule.forRoot({ lm: new DummyLM([]) }), DspyModule.forFeature([DefineTerm])],
    }).compile();
    await expect(build).rejects.toThrow(
      /Nothing is bound to the RETRIEVER token in the container \(needed by DefineTerm\).*forFeature collaborator/,
    );
  });
});
