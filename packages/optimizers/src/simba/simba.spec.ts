import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configure, DspyError, Example, Module, Predict, Program, resetSettings } from '@dspy-ts/core';
import { messageText } from '@dspy-ts/core/provider-kit';
import { FnLM } from '../../test/helpers/fn-lm';
import { fieldOf } from '@dspy-ts/core/testing';
import { percentile, poisson, softmaxSample } from './simba-math';
import { SIMBA, type SimbaOptions } from './simba';
import { SeededRandom } from '@dspy-ts/core';

@Module()
class Pipeline extends Program<{ question: string }> {
  readonly step1 = new Predict('question -> draft');
  readonly step2 = new Predict('draft -> answer');
  async forward({ question }: { question: string }) {
    const { draft } = await this.step1.call({ question });
    return this.step2.call({ draft });
  }
}

@Module()
class Empty extends Program<{ question: string }> {
  async forward() {
    return { answer: '' };
  }
}

const reply = (fields: Record<string, string>) =>
  `${Object.entries(fields)
    .map(([k, v]) => `[[ ## ${k} ## ]]\n${v}`)
    .join('\n\n')}\n\n[[ ## completed ## ]]`;

// Follows instructions ("SHOUT", "exclaim"); at temperature 1, rollouts 1 and 2 sometimes stumble on the ideas.
const taskLm = () =>
  new FnLM((messages, options) => {
    const system = messageText(messages[0]!);
    const user = messageText(messages[messages.length - 1]!);
    const explore = options.temperature === 1;
    const rid = options.rolloutId as number | undefined;
    if (system.includes('Your output fields are:\n1. `draft`')) {
      const q = fieldOf(user, 'question');
      const up = system.includes('SHOUT') || (explore && (rid === 1 || rid === 2) && q.length % 2 === 0);
      return reply({ draft: up ? q.toUpperCase() : q });
    }
    const d = fieldOf(user, 'draft');
    const ex = system.includes('exclaim') || (explore && rid === 2 && d.length % 2 === 0);
    return reply({ answer: ex ? `${d}!` : d });
  });

const feedbackLm = () =>
  new FnLM((messages) => {
    const user = messageText(messages[messages.length - 1]!);
    const info = fieldOf(user, 'better_reward_info');
    return reply({
      discussion: `Saw reward info ${info.replace(/\s+/g, ' ')}`,
      module_advice: JSON.stringify({ step1: 'Write the draft in SHOUT case.', step2: 'Then exclaim with a final !' }),
    });
  });

const words = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'mu', 'nu'];
const trainset = words.map((w) => new Example({ question: w, answer: `${w.toUpperCase()}!` }).withInputs('question'));
const metric = (e: Example<any>, p: { answer?: string }) => ({ score: Number(e.answer === p.answer), note: 'checked' });

const base = (o: Partial<SimbaOptions> = {}): SimbaOptions => ({
  metric,
  promptModel: feedbackLm(),
  bsize: 4,
  numCandidates: 3,
  maxSteps: 3,
  ...o,
});
const instructions = (p: Program<any>) =>
  Object.fromEntries(p.namedPredictors().map(([n, pr]) => [n, pr.signature.instructions]));

let dir: string;
beforeEach(async () => {
  configure({ lm: taskLm() });
  dir = await mkdtemp(join(tmpdir(), 'simba-'));
});
afterEach(async () => {
  resetSettings();
  await rm(dir, { recursive: true, force: true });
});

describe('SIMBA', () => {
  it('learns rules from contrasting trajectories, keeps demos under maxDemos, never changes the student', async () => {
    const student = new Pipeline();
    const before = JSON.stringify(student.dumpState());
    const prompt = feedbackLm();
    const { program, report } = await new SIMBA(base({ promptModel: prompt, maxDemos: 2, maxSteps: 4 })).compile(
      student,
      { trainset },
    );
    expect(JSON.stringify(student.dumpState())).toBe(before);
    expect(program.compiled).toBe(true);
    expect(report.simba.steps).toHaveLength(4);
    const used = new Set(report.simba.steps.flatMap((s) => s.strategies.map((x) => x.strategy)));
    expect(used).toEqual(new Set(['append_a_demo', 'append_a_rule']));
    expect(report.simba.bestScore).toBe(1);
    expect(instructions(program).step1).toMatch(/SHOUT/);
    // The metric's extra fields reach the feedback model as reward info.
    expect(prompt.calls.some((c) => c.reply.includes('"note": "checked"'))).toBe(true);
    for (const [, p] of program.namedPredictors()) expect(p.demos.length).toBeLessThanOrEqual(2 + 4);
    // Each step reports its best new candidate; winners are re-evaluated on the whole trainset.
    expect(report.trials.filter((t) => t.kind === 'minibatch')).toHaveLength(4);
    expect(report.trials.filter((t) => t.kind === 'full-eval').length).toBe(report.simba.finalScores.length);
    expect(() => JSON.stringify(report)).not.toThrow();
  });

  it('samples with temperature-1 LM copies, rollout ids 0..numCandidates-1', async () => {
    const lm = taskLm();
    configure({ lm });
    await new SIMBA(base({ maxSteps: 1 })).compile(new Pipeline(), { trainset });
    const sampled = lm.calls.filter((c) => c.options.temperature === 1);
    expect(new Set(sampled.map((c) => c.options.rolloutId))).toEqual(new Set([0, 1, 2]));
    expect(sampled).toHaveLength(3 * 4 * 2); // models × bsize × predictors
  });

  it('is deterministic for a seed, in parallel too', async () => {
    const run = async (concurrency: number) => {
      configure({ lm: taskLm() });
      const { program, report } = await new SIMBA(base({ concurrency, maxDemos: 2, seed: 5 })).compile(new Pipeline(), {
        trainset,
      });
      return JSON.stringify([program.dumpState(), report.simba.steps, report.simba.finalScores]);
    };
    expect(await run(8)).toBe(await run(1));
  });

  it('refuses bad input, naming the fix', async () => {
    expect(() => new SIMBA({} as SimbaOptions)).toThrow(/SIMBA needs a metric/);
    expect(() => new SIMBA(base({ bsize: 0 }))).toThrow(/bsize must be a whole number >= 1/);
    await expect(new SIMBA(base({ bsize: 20 })).compile(new Pipeline(), { trainset })).rejects.toThrow(
      /fewer than bsize=20/,
    );
    await expect(new SIMBA(base()).compile(new Pipeline(), { trainset: [] })).rejects.toThrow(/non-empty trainset/);
    const e = await new SIMBA(base()).compile(new Empty(), { trainset }).catch((x: unknown) => x);
    expect(DspyError.is(e, 'CONFIG_INVALID')).toBe(true);
  });

  it('scores a throwing metric 0 per example and keeps going', async () => {
    const flaky = (e: Example<any>, p: { answer?: string }) => {
      if (e.question === 'beta') throw new Error('boom');
      return Number(e.answer === p.answer);
    };
    const { report } = await new SIMBA(base({ metric: flaky })).compile(new Pipeline(), { trainset });
    expect(report.simba.steps).toHaveLength(3);
    expect(report.simba.failures.metric).toBeGreaterThan(0);
  });

  it('resumes after an interruption with the same result, redoing no finished step', async () => {
    const reference = await new SIMBA(base({ maxDemos: 2 })).compile(new Pipeline(), { trainset });
    const path = join(dir, 'simba.json');
    const controller = new AbortController();
    configure({ lm: taskLm() });
    await expect(
      new SIMBA(
        base({ maxDemos: 2, checkpoint: path, onTrial: (t) => (t.index === 1 ? controller.abort() : undefined) }),
      ).compile(new Pipeline(), { trainset, signal: controller.signal }),
    ).rejects.toThrow();
    const lm = taskLm();
    configure({ lm });
    const resumed = await new SIMBA(base({ maxDemos: 2, checkpoint: path })).compile(new Pipeline(), { trainset });
    expect(resumed.report.trials.slice(0, 2).every((t) => t.resumed)).toBe(true);
    expect(JSON.stringify(resumed.program.dumpState())).toBe(JSON.stringify(reference.program.dumpState()));
    expect(resumed.report.simba.finalScores).toEqual(reference.report.simba.finalScores);
    expect(lm.calls.filter((c) => c.options.temperature === 1)).toHaveLength(3 * 4 * 2); // only step 3 sampled
  });
});

describe('SIMBA math (numpy/Python equivalents)', () => {
  it('percentile is numpy linear', () => {
    // numpy.percentile([0, 1, 1, 0, 0.5], 10) == 0.0, 90 -> 1.0; [1,2,3,4] 10 -> 1.3, 90 -> 3.7
    expect(percentile([0, 1, 1, 0, 0.5], 10)).toBe(0);
    expect(percentile([0, 1, 1, 0, 0.5], 90)).toBe(1);
    expect(percentile([1, 2, 3, 4], 10)).toBeCloseTo(1.3, 12);
    expect(percentile([1, 2, 3, 4], 90)).toBeCloseTo(3.7, 12);
  });
  it('softmax sampling favours higher scores; poisson(0) draws nothing', () => {
    const rng = new SeededRandom(0);
    const picks = Array.from({ length: 400 }, () => softmaxSample(rng, [0, 1], 0.2, (i) => (i === 1 ? 1 : 0)));
    expect(picks.filter((p) => p === 1).length).toBeGreaterThan(380);
    const r = new SeededRandom(1);
    const state = r.getState();
    expect(poisson(r, 0)).toBe(0);
    expect(r.getState()).toEqual(state);
    const mean = Array.from({ length: 2000 }, () => poisson(r, 1.5)).reduce((a, b) => a + b, 0) / 2000;
    expect(mean).toBeGreaterThan(1.3);
    expect(mean).toBeLessThan(1.7);
  });
});
