import { configure, Example, LmCache, resetSettings, withSettings } from '@dspy-ts/core';
import { qa, SimpleModule } from '../../test/helpers/programs';
import { fieldOf, ScriptedLM } from '@dspy-ts/core/testing';
import { BootstrapFewShot } from './bootstrap-few-shot';
import { RolloutLM } from './rollout-lm';

const metric = (e: Example<any>, p: { output?: unknown }) => e.output === p.output;
const trainset = [new Example({ input: 'q0', output: 'a0' }).withInputs('input')];

afterEach(() => resetSettings());

describe('BootstrapFewShot rounds', () => {
  it('retries a failed example with a fresh rollout id at temperature 1, and a new rollout misses the cache', async () => {
    const cache = new LmCache({ disk: false });
    // Right only when sampled (temperature 1): round 0 fails, round 1 succeeds.
    const lm = new ScriptedLM((_u, _m, o) => ({ output: o.temperature === 1 ? 'a0' : 'nope' }), { cache });
    configure({ lm });
    const optimizer = new BootstrapFewShot({ metric, maxRounds: 3, maxBootstrappedDemos: 1, maxLabeledDemos: 0 });
    const { program, report } = await optimizer.compile(new SimpleModule(), { trainset });

    expect(report.bootstrap).toMatchObject({ attempts: 2, bootstrapped: 1 });
    expect(lm.calls.map(({ options: o }) => [o.rolloutId, o.temperature])).toEqual([
      [undefined, undefined],
      [1, 1],
    ]);
    expect(lm.forwards).toBe(2); // round 1 did not hit round 0's cache entry
    expect(program.predictor.demos[0]).toMatchObject({ augmented: true, input: 'q0', output: 'a0' });

    // The same run again: both rounds are cache hits (same rollout ids), so no new provider call.
    const again = await optimizer.compile(new SimpleModule(), { trainset });
    expect(lm.forwards).toBe(2);
    expect(again.report).toMatchObject({ lmCalls: 0, cacheHits: 2 });
  });

  it('forces temperature 1 over a predictor’s own temperature 0 in later rounds', async () => {
    const lm = new ScriptedLM((_u, _m, o) => ({ output: o.temperature === 1 ? 'a0' : 'nope' }));
    const student = new SimpleModule();
    student.predictor.config = { temperature: 0 };
    student.setLm(lm);
    const { report } = await new BootstrapFewShot({ metric, maxRounds: 2, maxLabeledDemos: 0 }).compile(student, {
      trainset,
    });
    expect(report.bootstrap).toMatchObject({ attempts: 2, bootstrapped: 1 });
    expect(lm.calls.map(({ options: o }) => o.temperature)).toEqual([0, 1]);
  });

  it('stops after maxRounds failed rounds', async () => {
    const lm = new ScriptedLM(() => ({ output: 'nope' }));
    configure({ lm });
    const { report } = await new BootstrapFewShot({ metric, maxRounds: 3, maxLabeledDemos: 0 }).compile(
      new SimpleModule(),
      { trainset },
    );
    expect(report.bootstrap).toMatchObject({ attempts: 3, bootstrapped: 0 });
    expect(lm.calls.map(({ options: o }) => o.rolloutId)).toEqual([undefined, 1, 2]);
  });
});

describe('RolloutLM', () => {
  it('resolves the LM in force at call time when the predictor had none', async () => {
    const lm = new ScriptedLM(() => ({ output: 'x' }));
    const rollout = new RolloutLM(undefined, { rolloutId: 4, temperature: 1 });
    await withSettings({ lm }, () => rollout.call([{ role: 'user', content: 'hi' }], { temperature: 0 }));
    expect(lm.calls[0]!.options).toMatchObject({ rolloutId: 4, temperature: 1 });
    expect(withSettings({ lm }, () => rollout.model)).toBe('scripted');
  });
});

describe('BootstrapFewShot hides the example from the teacher', () => {
  it('removes the running example from every teacher demo list, for that run only', async () => {
    const train = qa([
      ['q0', 'a0'],
      ['q1', 'a1'],
      ['q2', 'a2'],
    ]);
    const demoQuestions: string[][] = [];
    const lm = new ScriptedLM((user, messages) => {
      demoQuestions.push(
        messages
          .filter((m) => m.role === 'user')
          .slice(0, -1)
          .map((m) => fieldOf(String(m.content), 'question')),
      );
      return { answer: `a${fieldOf(user, 'question').slice(1)}` };
    });
    configure({ lm });
    const student = new SimpleModule('question -> answer');
    const { report } = await new BootstrapFewShot({
      metric: (e, p) => e.answer === p.answer,
      maxBootstrappedDemos: 3,
      concurrency: 1,
    }).compile(student, {
      trainset: train,
    });
    expect(report.bootstrap).toMatchObject({ attempts: 3, bootstrapped: 3 });
    // The teacher holds all three as labeled demos; each run sees only the two others.
    expect(demoQuestions.map((qs) => [...qs].sort())).toEqual([
      ['q1', 'q2'],
      ['q0', 'q2'],
      ['q0', 'q1'],
    ]);
  });
});
