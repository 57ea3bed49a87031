import { configure, Evaluate, Example, resetSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { qa, SimpleModule } from '../../test/helpers/programs';
import { fieldOf, ScriptedLM } from '@dspy-ts/core/testing';
import { BootstrapFewShotWithRandomSearch } from './random-search';

afterEach(() => resetSettings());

const simpleMetric = (e: Example<any>, p: { output?: unknown }) => e.output === p.output;
const answerOf = (e: Example<any>, p: Record<string, unknown>) => e.answer === p.answer;
const train = qa(Array.from({ length: 6 }, (_, i) => [`q${i}`, `a${i}`] as [string, string]));
const rightLm = () => new ScriptedLM((user) => ({ answer: `a${fieldOf(user, 'question').slice(1)}` }));

// Ports tests/teleprompt/test_random_search.py.
describe('BootstrapFewShotWithRandomSearch (DSPy test_random_search.py)', () => {
  const trainset = [
    new Example({ input: 'What is the color of the sky?', output: 'blue' }).withInputs('input'),
    new Example({ input: 'What does the fox say?', output: 'Ring-ding-ding-ding-dingeringeding!' }).withInputs('input'),
  ];

  it('runs the basic compile flow (test_basic_workflow)', async () => {
    configure({ lm: new DummyLM([{ output: 'Initial thoughts' }, { output: 'Finish[blue]' }]) });
    const optimizer = new BootstrapFewShotWithRandomSearch({
      metric: simpleMetric,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 1,
    });
    const { program } = await optimizer.compile(new SimpleModule('input -> output'), {
      teacher: new SimpleModule('input -> output'),
      trainset,
    });
    expect(program.compiled).toBe(true);
  });

  it('refuses a restrict that matches no seed (test_restrict_matching_no_candidate_seed_raises_clear_error)', () => {
    expect(
      () =>
        new BootstrapFewShotWithRandomSearch({
          metric: simpleMetric,
          maxBootstrappedDemos: 1,
          maxLabeledDemos: 1,
          restrict: [999],
        }),
    ).toThrow(/restrict/);
  });

  it('runs only the restricted seeds (test_restrict_as_single_use_iterator_still_matches_a_valid_seed)', async () => {
    configure({ lm: new DummyLM([{ output: 'Initial thoughts' }, { output: 'Finish[blue]' }]) });
    const optimizer = new BootstrapFewShotWithRandomSearch({
      metric: simpleMetric,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 1,
      restrict: [-3],
    });
    const { report } = await optimizer.compile(new SimpleModule('input -> output'), { trainset: [trainset[0]!] });
    expect(report.candidates.map((c) => c.seed)).toEqual([-3]);
  });
});

describe('BootstrapFewShotWithRandomSearch', () => {
  it('builds DSPy’s candidates: zero-shot, labeled, unshuffled, then Random(seed)-shuffled with Random(seed).randint sizes', async () => {
    configure({ lm: rightLm() });
    const optimizer = new BootstrapFewShotWithRandomSearch({
      metric: answerOf,
      numCandidatePrograms: 3,
      maxBootstrappedDemos: 4,
      maxLabeledDemos: 0,
    });
    const { report, candidates } = await optimizer.compile(new SimpleModule('question -> answer'), { trainset: train });
    expect(report.candidates.map((c) => [c.seed, c.kind, c.demos.predictor])).toEqual([
      [-3, 'zero-shot', 0],
      [-2, 'labeled', 0],
      [-1, 'bootstrap', 4],
      [0, 'bootstrap-shuffled', 4], // Python: Random(0).randint(1, 4) == 4
      [1, 'bootstrap-shuffled', 2], // Random(1).randint(1, 4) == 2
      [2, 'bootstrap-shuffled', 1], // Random(2).randint(1, 4) == 1
    ]);
    // Random(1).shuffle(range(6)) == [2, 3, 5, 0, 4, 1]: seed 1 bootstraps q2 and q3, as DSPy would.
    const seed1 = candidates!.find((c) => c.seed === 1)!.program as SimpleModule;
    expect(seed1.predictor.demos.map((d) => d.question)).toEqual(['q2', 'q3']);
  });

  it('returns the best candidate (not the first), best first in candidates, scores as Evaluate computes them', async () => {
    // Right only with at least 2 demos in the prompt: zero-shot scores 0, the others 100.
    const lm = new ScriptedLM((user, messages) => ({
      answer: messages.length >= 6 ? `a${fieldOf(user, 'question').slice(1)}` : 'no idea',
    }));
    configure({ lm });
    const valset = qa([
      ['q7', 'a7'],
      ['q8', 'a8'],
      ['q9', 'a9'],
    ]);
    const optimizer = new BootstrapFewShotWithRandomSearch({
      metric: answerOf,
      numCandidatePrograms: 1,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 2,
    });
    const student = new SimpleModule('question -> answer');
    const { program, report, candidates } = await optimizer.compile(student, { trainset: train, valset });

    expect(report.candidates.map((c) => c.score)).toEqual([0, 100, 100, 100]);
    expect(report.bestIndex).toBe(1); // ties keep the earlier candidate
    expect(candidates!.map((c) => c.score)).toEqual([100, 100, 100, 0]);
    expect(candidates![0]!.program).toBe(program);
    expect(program.predictor.demos).toHaveLength(2);
    expect(program.compiled).toBe(true);
    expect(student.predictor.demos).toEqual([]);
    const check = await new Evaluate({ devset: valset, metric: answerOf, progress: false }).run(program);
    expect(check.score).toBe(report.candidates[report.bestIndex!]!.score);
    expect(report.candidates[0]!.subscores).toEqual([0, 0, 0]);
    expect(report.lmCalls).toBe(report.candidates.reduce((s, c) => s + c.lmCalls, 0));
    expect(report.tokens.totalTokens).toBe(report.lmCalls * 15);
  });

  it('is reproducible: the same seed and data give the same compiled program and scores', async () => {
    const run = async () => {
      configure({
        lm: new ScriptedLM((user) => ({
          answer: Number(fieldOf(user, 'question').slice(1)) % 2 ? 'x' : `a${fieldOf(user, 'question').slice(1)}`,
        })),
      });
      const { program, report } = await new BootstrapFewShotWithRandomSearch({
        metric: answerOf,
        numCandidatePrograms: 3,
        maxBootstrappedDemos: 3,
        maxLabeledDemos: 3,
      }).compile(new SimpleModule('question -> answer'), { trainset: train });
      return {
        state: JSON.stringify(program.dumpState()),
        scores: report.candidates.map((c) => [c.seed, c.score, c.subscores]),
      };
    };
    expect(await run()).toEqual(await run());
  });

  it('stops at stopAtScore, and scores on the trainset when no valset is given', async () => {
    configure({ lm: rightLm() });
    const { report } = await new BootstrapFewShotWithRandomSearch({ metric: answerOf, stopAtScore: 100 }).compile(
      new SimpleModule('question -> answer'),
      { trainset: train },
    );
    expect(report.candidates).toHaveLength(1);
    expect(report.candidates[0]!.subscores).toHaveLength(train.length);
  });

  it('evaluates a candidate’s valset examples in parallel', async () => {
    let inFlight = 0;
    let peak = 0;
    configure({
      lm: new ScriptedLM(async (user) => {
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return { answer: `a${fieldOf(user, 'question').slice(1)}` };
      }),
    });
    await new BootstrapFewShotWithRandomSearch({ metric: answerOf, restrict: [-3], concurrency: 4 }).compile(
      new SimpleModule('question -> answer'),
      { trainset: train },
    );
    expect(peak).toBe(4);
  });
});
