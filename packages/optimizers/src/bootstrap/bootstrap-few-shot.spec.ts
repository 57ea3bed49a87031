import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configure, Example, Module, Predict, Program, resetSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { SimpleModule } from '../../test/helpers/programs';
import { BootstrapFewShot } from './bootstrap-few-shot';

// Ports tests/teleprompt/test_bootstrap.py (reference §4.3 items 48–49).
const simpleMetric = (example: Example<any>, prediction: { output?: unknown }) => example.output === prediction.output;
const examples = [
  new Example({ input: 'What is the color of the sky?', output: 'blue' }).withInputs('input'),
  new Example({ input: 'What does the fox say?', output: 'Ring-ding-ding-ding-dingeringeding!' }),
];
const trainset = [examples[0]!];
const valset = [examples[1]!];

afterEach(() => resetSettings());

describe('BootstrapFewShot (DSPy test_bootstrap.py)', () => {
  it('keeps the metric and defaults (test_bootstrap_initialization)', () => {
    const bootstrap = new BootstrapFewShot({ metric: simpleMetric, maxBootstrappedDemos: 1, maxLabeledDemos: 1 });
    expect(bootstrap.config.metric).toBe(simpleMetric);
    expect(new BootstrapFewShot().config).toMatchObject({
      maxBootstrappedDemos: 4,
      maxLabeledDemos: 16,
      maxRounds: 1,
      maxErrors: 10,
    });
  });

  it('compiles a student with a separate teacher and sets compiled (test_compile_with_predict_instances)', async () => {
    configure({ lm: new DummyLM([{ output: 'Initial thoughts' }, { output: 'Finish[blue]' }]) });
    const student = new SimpleModule('input -> output');
    const teacher = new SimpleModule('input -> output');
    const { program } = await new BootstrapFewShot({
      metric: simpleMetric,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 1,
    }).compile(student, { teacher, trainset });
    expect(program).toBeDefined();
    expect(program.compiled).toBe(true);
  });

  it('gives the student the train example as its one demo, then replays it (test_bootstrap_effectiveness, item 48)', async () => {
    const lm = new DummyLM([{ output: 'blue' }, { output: 'Ring-ding-ding-ding-dingeringeding!' }], {
      followExamples: true,
    });
    configure({ lm, trace: [] });
    const student = new SimpleModule('input -> output');
    const teacher = new SimpleModule('input -> output');
    const { program } = await new BootstrapFewShot({
      metric: simpleMetric,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 1,
    }).compile(student, { teacher, trainset });

    expect(program.predictor.demos).toHaveLength(1);
    expect(program.predictor.demos[0]!.input).toBe(trainset[0]!.input);
    expect(program.predictor.demos[0]!.output).toBe(trainset[0]!.output);
    // followExamples replays the demo whose input matches, so the answer is "blue", not the next scripted one.
    const prediction = await program.call({ input: trainset[0]!.input });
    expect(prediction.output).toBe(trainset[0]!.output);
  });

  it('re-raises the teacher’s error once maxErrors is reached (test_error_handling_during_bootstrap, item 49)', async () => {
    @Module()
    class BuggyModule extends Program<Record<string, unknown>> {
      readonly predictor = new Predict('input -> output');
      async forward(): Promise<never> {
        throw new Error('Simulated error');
      }
    }
    configure({ lm: new DummyLM([{ output: 'Initial thoughts' }]) });
    const bootstrap = new BootstrapFewShot({
      metric: simpleMetric,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 1,
      maxErrors: 1,
    });
    await expect(
      bootstrap.compile(new SimpleModule('input -> output'), { teacher: new BuggyModule(), trainset }),
    ).rejects.toThrow('Simulated error');
  });

  it('uses unbootstrapped examples as labeled demos (test_validation_set_usage)', async () => {
    configure({ lm: new DummyLM([{ output: 'Initial thoughts' }, { output: 'Finish[blue]' }]) });
    const { program } = await new BootstrapFewShot({
      metric: simpleMetric,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 1,
    }).compile(new SimpleModule('input -> output'), {
      teacher: new SimpleModule('input -> output'),
      trainset,
    });
    expect(program.predictor.demos.length).toBeGreaterThanOrEqual(valset.length);
  });
});

describe('BootstrapFewShot', () => {
  const train = Array.from({ length: 6 }, (_, i) =>
    new Example({ input: `q${i}`, output: `a${i}` }).withInputs('input'),
  );
  // Answers correctly for even questions only.
  const lmFor = () =>
    new DummyLM(
      Object.fromEntries(train.map((e, i) => [`${e.input}\n`, { output: i % 2 === 0 ? e.output : 'wrong' }])),
    );

  it('keeps passing traces as augmented demos, first in train order, then tops up with labeled ones', async () => {
    configure({ lm: lmFor() });
    const { program, report } = await new BootstrapFewShot({
      metric: simpleMetric,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 4,
    }).compile(new SimpleModule(), { trainset: train });
    const demos = program.predictor.demos;
    expect(demos.slice(0, 2).map((d) => [d.augmented, d.input, d.output])).toEqual([
      [true, 'q0', 'a0'],
      [true, 'q2', 'a2'],
    ]);
    expect(demos).toHaveLength(4);
    expect(demos.slice(2).every((d) => d.augmented === undefined && !['q0', 'q2'].includes(d.input as string))).toBe(
      true,
    );
    expect(report.bootstrap).toEqual({ attempts: 3, bootstrapped: 2, errors: 0 });
    expect(report.lmCalls).toBe(3);
  });

  it('never changes the student or the teacher it was given', async () => {
    configure({ lm: lmFor() });
    const student = new SimpleModule();
    const teacher = new SimpleModule();
    teacher.predictor.demos = [train[5]!.toDict()];
    const before = JSON.stringify([student.dumpState(), teacher.dumpState()]);
    const { program } = await new BootstrapFewShot({ metric: simpleMetric, maxBootstrappedDemos: 2 }).compile(student, {
      teacher,
      trainset: train,
    });
    expect(JSON.stringify([student.dumpState(), teacher.dumpState()])).toBe(before);
    expect(program).not.toBe(student);
    expect(program.predictor).not.toBe(student.predictor);
    expect(student.compiled).toBe(false);
  });

  it('accepts numeric metrics against metricThreshold', async () => {
    configure({ lm: lmFor() });
    const half = () => 0.5;
    const strict = await new BootstrapFewShot({
      metric: half,
      metricThreshold: 0.6,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 0,
    }).compile(new SimpleModule(), { trainset: train });
    expect(strict.program.predictor.demos).toEqual([]);
    const lenient = await new BootstrapFewShot({
      metric: half,
      metricThreshold: 0.5,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 0,
    }).compile(new SimpleModule(), { trainset: train });
    expect(lenient.program.predictor.demos).toHaveLength(1);
  });

  it("samples each predictor's labeled demos from all unbootstrapped examples (DSPy 3.4.1)", async () => {
    class TwoPredictors extends Program<{ input: string }> {
      readonly first = new Predict('input -> output');
      readonly second = new Predict('input -> output');
      async forward(i: { input: string }) {
        return this.second.call(i);
      }
    }
    const ten = Array.from({ length: 10 }, (_, i) =>
      new Example({ input: `q${i}`, output: `a${i}` }).withInputs('input'),
    );
    const { program } = await new BootstrapFewShot({ maxBootstrappedDemos: 0, maxLabeledDemos: 3 }).compile(
      new TwoPredictors(),
      { trainset: ten },
    );
    // What DSPy 3.4.1 gives for the same program and trainset (BootstrapFewShot(max_bootstrapped_demos=0,
    // max_labeled_demos=3)); DSPy 3.3 drew the second predictor's demos from the first's sample.
    const inputs = (p: Predict) => p.demos.map((d) => (d as Example<any>).input);
    expect(inputs(program.first)).toEqual(['q2', 'q6', 'q7']);
    expect(inputs(program.second)).toEqual(['q3', 'q9', 'q0']);
  });

  it('makes no teacher call with maxBootstrappedDemos 0, and refuses a compiled student', async () => {
    const lm = lmFor();
    configure({ lm });
    const { program } = await new BootstrapFewShot({ maxBootstrappedDemos: 0, maxLabeledDemos: 2 }).compile(
      new SimpleModule(),
      { trainset: train },
    );
    expect(lm.history.entries).toHaveLength(0);
    expect(program.predictor.demos).toHaveLength(2);
    await expect(new BootstrapFewShot().compile(program, { trainset: train })).rejects.toThrow(/uncompiled student/);
  });

  it('saves the compiled program in DSPy’s layout and loads it back into a fresh one', async () => {
    configure({ lm: lmFor() });
    const { program } = await new BootstrapFewShot({
      metric: simpleMetric,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 3,
    }).compile(new SimpleModule(), { trainset: train });
    const dir = await mkdtemp(join(tmpdir(), 'bfs-save-'));
    try {
      await program.save(join(dir, 'compiled.json'));
      const loaded = await new SimpleModule().load(join(dir, 'compiled.json'));
      const saved = JSON.parse(await readFile(join(dir, 'compiled.json'), 'utf8'));
      expect(saved.predictor.demos[0]).toEqual({ augmented: true, input: 'q0', output: 'a0' });
      expect(loaded.predictor.demos.map((d) => ({ ...d }))).toEqual(
        program.predictor.demos.map((d) => (d as { toDict?: () => object }).toDict?.() ?? d),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('counts teacher errors and reports the first one instead of swallowing it', async () => {
    configure({ lm: new DummyLM({ q0: { output: 'a0' } }) }); // others get unparseable text
    const { report } = await new BootstrapFewShot({
      metric: simpleMetric,
      maxBootstrappedDemos: 2,
      maxErrors: 100,
    }).compile(new SimpleModule(), { trainset: train });
    expect(report.bootstrap).toMatchObject({ attempts: 6, bootstrapped: 1, errors: 5 });
    expect(report.bootstrap!.firstError).toMatch(/parse/i);
  });
});
