import { Example, Predict, resetSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { Pipeline, qa, SimpleModule } from '../test/helpers/programs';
import { LabeledFewShot } from './labeled-few-shot';

const trainset = Array.from({ length: 10 }, (_, i) =>
  new Example({ input: `q${i}`, output: `a${i}` }).withInputs('input'),
);
const indexOf = (d: unknown) => trainset.indexOf(d as never);

afterEach(() => resetSettings());

describe('LabeledFewShot', () => {
  it('samples k demos with DSPy’s Random(0), so the demos are the ones DSPy picks', async () => {
    // Python: random.Random(0).sample(range(10), 3) == [6, 9, 0]
    const { program } = await new LabeledFewShot({ k: 3 }).compile(new SimpleModule(), { trainset });
    expect(program.predictor.demos.map(indexOf)).toEqual([6, 9, 0]);
  });

  it('shares one RNG across predictors, as DSPy: each predictor gets the next sample', async () => {
    // Python: r = random.Random(0); r.sample(range(10), 3), r.sample(range(10), 3) == [6, 9, 0], [4, 8, 7]
    const { program } = await new LabeledFewShot({ k: 3 }).compile(new Pipeline(), { trainset });
    expect(program.predictors().map((p) => p.demos.map(indexOf))).toEqual([
      [6, 9, 0],
      [4, 8, 7],
    ]);
  });

  it('takes the first k with sample: false, and all when k exceeds the trainset', async () => {
    const first = await new LabeledFewShot({ k: 2, sample: false }).compile(new SimpleModule(), { trainset });
    expect(first.program.predictor.demos.map(indexOf)).toEqual([0, 1]);
    const all = await new LabeledFewShot({ k: 50 }).compile(new SimpleModule(), { trainset });
    expect(all.program.predictor.demos).toHaveLength(10);
  });

  it('returns a compiled copy, leaves the student untouched, makes no LM call', async () => {
    const lm = new DummyLM([]);
    const student = new SimpleModule();
    student.setLm(lm);
    const { program, report } = await new LabeledFewShot({ k: 4 }).compile(student, { trainset });
    expect(program).not.toBe(student);
    expect(program.compiled).toBe(true);
    expect(student.compiled).toBe(false);
    expect(student.predictor.demos).toEqual([]);
    expect(program.predictor.lm).toBe(lm); // the predictor's own LM is kept
    expect(report).toMatchObject({ optimizer: 'LabeledFewShot', lmCalls: 0, candidates: [] });
    expect(lm.history.entries).toHaveLength(0);
  });

  it('gives no demos on an empty trainset and works on a bare Predict', async () => {
    const { program } = await new LabeledFewShot().compile(new Predict('question -> answer'), { trainset: [] });
    expect(program.demos).toEqual([]);
    const { program: p2 } = await new LabeledFewShot({ k: 1 }).compile(new Predict('question -> answer'), {
      trainset: qa([['Q', 'A']]),
    });
    expect(p2.demos).toHaveLength(1);
  });

  it('exposes its configuration (DSPy’s get_params) and rejects a bad k', () => {
    expect(new LabeledFewShot({ k: 3 }).config).toEqual({ k: 3, sample: true, seed: 0 });
    expect(() => new LabeledFewShot({ k: -1 })).toThrow(/whole number >= 0/);
  });
});
