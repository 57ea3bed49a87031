import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainOfThought, configure, DspyError, Example, Module, Program, resetSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { SimpleModule } from '../../test/helpers/programs';
import { GoldenLM } from '../../test/helpers/golden-lm';
import { COPRO } from './copro';

// Port of DSPy's tests/teleprompt/test_copro_optimizer.py, plus control-flow, resume and error tests.
const simpleMetric = (example: Example<any>, prediction: { output?: string }) => example.output === prediction.output;
const trainset = [
  new Example({ input: 'Question: What is the color of the sky?', output: 'blue' }).withInputs('input'),
  new Example({ input: 'Question: What does the fox say?', output: 'Ring-ding-ding-ding-dingeringeding!' }).withInputs(
    'input',
  ),
];
const cot = () => {
  @Module()
  class CotModule extends Program<Record<string, unknown>> {
    readonly predictor = new ChainOfThought('input -> output');
    forward(inputs: Record<string, unknown>) {
      return this.predictor.call(inputs as never);
    }
  }
  return new CotModule();
};
/** Proposals for both proposer signatures; "blue" for every task call. */
const dictLm = () =>
  new DummyLM({
    attempted_instructions: { proposed_instruction: 'Second try', proposed_prefix_for_output_field: 'Output:' },
    basic_instruction: { proposed_instruction: 'First try', proposed_prefix_for_output_field: 'Output:' },
    'Question:': { reasoning: 'Looking up.', output: 'blue' },
  });
let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'copro-'))));
afterEach(async () => {
  resetSettings();
  await rm(dir, { recursive: true, force: true });
});

describe('COPRO (ported from test_copro_optimizer.py)', () => {
  it('initializes with DSPy defaults and the given settings', () => {
    const optimizer = new COPRO({ metric: simpleMetric, breadth: 2, depth: 1, initTemperature: 1.4 });
    expect(optimizer.config).toMatchObject({ metric: simpleMetric, breadth: 2, depth: 1, initTemperature: 1.4 });
    expect(new COPRO({ metric: simpleMetric }).config).toMatchObject({ breadth: 10, depth: 3, initTemperature: 1.4 });
  });

  it('optimizes into a new program and leaves the student alone', async () => {
    configure({
      lm: new DummyLM([
        {
          proposed_instruction: 'Optimized instruction 1',
          proposed_prefix_for_output_field: 'Optimized instruction 2',
        },
      ]),
    });
    const student = cot();
    const before = JSON.stringify(student.dumpState());
    const { program } = await new COPRO({ metric: simpleMetric, breadth: 2, depth: 1, progress: false }).compile(
      student,
      { trainset },
    );
    expect(program).not.toBe(student);
    expect(JSON.stringify(student.dumpState())).toBe(before);
  });

  it('tracks statistics: total calls, best and latest results per depth', async () => {
    configure({
      lm: dictLm(),
    });
    const { report } = await new COPRO({ metric: simpleMetric, breadth: 2, depth: 2, progress: false }).compile(cot(), {
      trainset,
    });
    expect(report.totalCalls).toBeGreaterThan(0);
    expect(report.resultsBest['predictor.predict']!.depth).toEqual([0, 1]);
    expect(report.resultsLatest['predictor.predict']!.max).toHaveLength(2);
  });

  it('applies the proposed instruction and prefix (output verification)', async () => {
    const lm = new DummyLM([
      { proposed_instruction: 'Optimized Prompt', proposed_prefix_for_output_field: 'Optimized Prefix' },
    ]);
    configure({ lm });
    const { program } = await new COPRO({ metric: simpleMetric, breadth: 2, depth: 1, progress: false }).compile(
      cot(),
      {
        trainset,
      },
    );
    const predictor = program.namedPredictors()[0]![1];
    // Every candidate scores 0 against DummyLM's "No more responses"; the first evaluated (the proposal) wins.
    expect(predictor.signature.instructions).toBe('Optimized Prompt');
    expect(predictor.signature.fields.at(-1)!.prefix).toBe('Optimized Prefix');
    // DummyLM is out of answers: its "No more responses" reply has no `output` field.
    await expect(program.call({ input: 'What is the capital of France?' })).rejects.toThrow(/No more responses/);
  });
});

describe('COPRO control flow', () => {
  it('asks for breadth-1 then breadth proposals, evaluates each candidate once per depth (one predictor)', async () => {
    const lm = new GoldenLM();
    configure({ lm });
    const data = [0, 1, 2, 3].map((i) => new Example({ question: `q${i}`, answer: `a${i}` }).withInputs('question'));
    const { report } = await new COPRO({
      metric: (e, p) => e.answer === p.answer,
      breadth: 4,
      depth: 3,
      progress: false,
    }).compile(new SimpleModule('question -> answer'), { trainset: data });
    expect(lm.requests.map((r) => r.n)).toEqual([3, 4, 4]);
    expect(report.totalCalls).toBe(12);
    expect(report.trials!.map((t) => t.params!.depth)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect(report.trials!.every((t) => t.lmCalls === 4)).toBe(true); // one task call per example
  });

  it('uses promptModel for proposals and the configured LM for the task', async () => {
    const task = new GoldenLM();
    const prompter = new GoldenLM();
    configure({ lm: task });
    const data = [new Example({ question: 'q1', answer: 'a1' }).withInputs('question')];
    await new COPRO({
      metric: (e, p) => e.answer === p.answer,
      breadth: 2,
      depth: 2,
      promptModel: prompter,
      progress: false,
    }).compile(new SimpleModule('question -> answer'), { trainset: data });
    expect(task.requests).toHaveLength(0);
    expect(prompter.requests).toHaveLength(2);
    expect(task.usage.calls).toBeGreaterThan(0);
  });

  it('resumes from its checkpoint after a crash, with the same result and no finished trial redone', async () => {
    const data = [0, 1, 2, 3].map((i) => new Example({ question: `q${i}`, answer: `a${i}` }).withInputs('question'));
    const options = {
      metric: (e: Example<any>, p: any) => e.answer === p.answer,
      breadth: 3,
      depth: 3,
      progress: false as const,
    };
    configure({ lm: new GoldenLM() });
    const reference = await new COPRO(options).compile(new SimpleModule('question -> answer'), { trainset: data });

    const checkpoint = join(dir, 'copro.json');
    const controller = new AbortController();
    configure({ lm: new GoldenLM() });
    await expect(
      new COPRO({ ...options, checkpoint, onTrial: (t) => (t.index === 4 ? controller.abort() : undefined) }).compile(
        new SimpleModule('question -> answer'),
        { trainset: data, signal: controller.signal },
      ),
    ).rejects.toThrow();

    const lm = new GoldenLM();
    configure({ lm });
    const resumed = await new COPRO({ ...options, checkpoint }).compile(new SimpleModule('question -> answer'), {
      trainset: data,
    });
    expect(resumed.report.trials!.filter((t) => t.resumed).map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
    expect(lm.requests).toHaveLength(1); // the depth-0 proposals came back from the checkpoint
    expect(resumed.report.bestScore).toBe(reference.report.bestScore);
    expect(JSON.stringify(resumed.program.dumpState())).toBe(JSON.stringify(reference.program.dumpState()));
  });

  it('rejects bad settings and input with clear errors', async () => {
    expect(() => new COPRO({ metric: simpleMetric, breadth: 1 })).toThrow(/breadth > 1/);
    expect(() => new COPRO({ metric: simpleMetric, depth: 0 })).toThrow(/depth >= 1/);
    expect(() => new COPRO({} as never)).toThrow(/needs a metric/);
    configure({ lm: new DummyLM([]) });
    await expect(new COPRO({ metric: simpleMetric }).compile(cot(), { trainset: [] })).rejects.toThrow(
      /COPRO needs a non-empty trainset/,
    );
    @Module()
    class Empty extends Program<Record<string, unknown>> {
      async forward() {
        return {} as never;
      }
    }
    const error = await new COPRO({ metric: simpleMetric }).compile(new Empty(), { trainset }).catch((e: unknown) => e);
    expect(DspyError.is(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/COPRO found no predictors/);
  });

  it('counts a throwing metric per example (score 0) without stopping the run', async () => {
    configure({ lm: dictLm() });
    let calls = 0;
    const throwing = () => {
      calls++;
      if (calls % 2) throw new Error('metric bug');
      return true;
    };
    const { report } = await new COPRO({
      metric: throwing,
      breadth: 2,
      depth: 1,
      maxErrors: 100,
      progress: false,
    }).compile(cot(), { trainset });
    expect(report.trials).toHaveLength(2);
    expect(report.trials!.map((t) => t.fullScore)).toEqual([50, 50]); // per trial: one row throws (0), one passes
  });
});
