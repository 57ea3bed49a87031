import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configure, DspyError, Example, Module, Predict, Program, resetSettings } from '@dspy-ts/core';
import { messageText } from '@dspy-ts/core/provider-kit';
import { DummyLM } from '@dspy-ts/testing';
import { fieldOf, ScriptedLM } from '@dspy-ts/core/testing';
import { optimizerEvents, type OptimizerEvent } from '../shared/events';
import { GEPA } from './gepa';
import { autoBudget, type GepaOptions } from './gepa-options';
import { findDominators, removeDominated, selectFromPareto } from './pareto';
import type { GepaMetric } from './reflective-dataset';

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

// The task model follows the instructions: "SHOUT" upper-cases the draft, "exclaim" adds "!".
const taskLm = () =>
  new ScriptedLM((user, messages) => {
    const system = messageText(messages[0]!);
    if (system.includes('Your output fields are:\n1. `draft`')) {
      const q = fieldOf(user, 'question');
      return { draft: system.includes('SHOUT') ? q.toUpperCase() : q };
    }
    const d = fieldOf(user, 'draft');
    return { answer: system.includes('exclaim') ? `${d}!` : d };
  });

const reflectionLm = (reply?: (user: string, n: number) => string) => {
  let n = 0;
  return new ScriptedLM((user) => {
    n++;
    if (reply) return reply(user, n);
    const text = user.includes('"Inputs": {"draft"')
      ? `Copy the draft into the answer and exclaim at the end (v${n}).`
      : `Rewrite the question in SHOUT case as the draft (v${n}).`;
    return JSON.stringify({ new_instruction: text });
  });
};

const words = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta', 'theta', 'iota', 'kappa'];
const data = words.map((w) => new Example({ question: w, answer: `${w.toUpperCase()}!` }).withInputs('question'));
const trainset = data.slice(0, 6);
const valset = data.slice(6);

const metric: GepaMetric = (gold, pred) => {
  const ok = gold.answer === pred.answer;
  return { score: ok ? 1 : 0, feedback: ok ? 'Correct.' : `Expected '${gold.answer}' but got '${pred.answer}'.` };
};

const base = (o: Partial<GepaOptions> = {}): GepaOptions => ({
  metric,
  reflectionLm: reflectionLm(),
  maxMetricCalls: 60,
  ...o,
});

const instructions = (p: Program<any>) =>
  Object.fromEntries(p.namedPredictors().map(([n, pr]) => [n, pr.signature.instructions]));

let dir: string;
beforeEach(async () => {
  configure({ lm: taskLm() });
  dir = await mkdtemp(join(tmpdir(), 'gepa-'));
});
afterEach(async () => {
  resetSettings();
  await rm(dir, { recursive: true, force: true });
});

describe('GEPA configuration errors', () => {
  it('needs exactly one budget, each >= 1, and a reflection LM', () => {
    const lm = reflectionLm();
    const err = (o: object) => {
      try {
        new GEPA({ metric, reflectionLm: lm, ...o } as GepaOptions);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    for (const o of [{}, { auto: 'light', maxMetricCalls: 10 }, { maxFullEvals: 2, maxMetricCalls: 10 }]) {
      const e = err(o);
      expect(DspyError.is(e, 'CONFIG_INVALID')).toBe(true);
      expect((e as Error).message).toMatch(/GEPA: exactly one of auto, maxFullEvals, maxMetricCalls/);
    }
    expect((err({ maxMetricCalls: 0 }) as Error).message).toMatch(/maxMetricCalls must be a whole number >= 1/);
    expect((err({ maxFullEvals: -1 }) as Error).message).toMatch(/maxFullEvals/);
    expect((err({ auto: 'extreme' }) as Error).message).toMatch(/auto must be/);
    expect(() => new GEPA({ metric, maxMetricCalls: 5 } as unknown as GepaOptions)).toThrow(
      /GEPA: needs a reflectionLm/,
    );
  });

  it('refuses an empty trainset and a program without predictors, naming the fix', async () => {
    await expect(new GEPA(base()).compile(new Pipeline(), { trainset: [] })).rejects.toThrow(
      /GEPA needs a non-empty trainset/,
    );
    await expect(new GEPA(base()).compile(new Empty(), { trainset })).rejects.toThrow(/GEPA found no predictors/);
  });

  it('sizes budgets as DSPy: auto_budget and maxFullEvals × (train + val)', async () => {
    // Values printed by DSPy 3.4.1's GEPA.auto_budget.
    expect([autoBudget(1, 6, 10), autoBudget(2, 12, 50), autoBudget(3, 18, 300), autoBudget(1, 6, 4)]).toEqual([
      420, 1390, 5440, 396,
    ]);
    const { report } = await new GEPA(base({ maxMetricCalls: undefined, maxFullEvals: 2 })).compile(new Pipeline(), {
      trainset,
      valset,
    });
    expect(report.gepa.budget).toBe(2 * (6 + 4));
    // Checked at the top of each iteration, as gepa: the last iteration may overshoot by its own cost.
    expect(report.gepa.totalMetricCalls).toBeGreaterThanOrEqual(20);
    expect(report.gepa.totalMetricCalls).toBeLessThan(20 + 3 + 3 + 4);
    const light = await new GEPA(base({ maxMetricCalls: undefined, auto: 'light' })).compile(new Pipeline(), {
      trainset,
      valset,
    });
    expect(light.report.gepa.budget).toBe(autoBudget(2, 6, 4));
  });
});

describe('GEPA control flow', () => {
  it('rewrites all predictors at once (componentSelector all), keeps a per-example Pareto front, records every trial', async () => {
    // Every answer needs both ideas, so one predictor at a time never improves a minibatch.
    const { program, report } = await new GEPA(base({ maxMetricCalls: 120, componentSelector: 'all' })).compile(
      new Pipeline(),
      {
        trainset,
        valset,
      },
    );
    const best = instructions(program);
    expect(best.step1).toMatch(/SHOUT/);
    expect(best.step2).toMatch(/exclaim/);
    expect(report.gepa.valAggregateScores[report.gepa.bestIndex]).toBe(1);
    // The front: per valset example, the candidates reaching its best score.
    report.gepa.paretoFront.forEach((front, id) => {
      const bestScore = Math.max(...report.gepa.valSubscores.map((s) => s[id]!));
      expect(front).toEqual(report.gepa.valSubscores.flatMap((s, i) => (s[id] === bestScore ? [i] : [])));
    });
    const reflective = report.gepa.trials.filter((t) => t.kind === 'reflective' && !t.skipped);
    expect(reflective.length).toBeGreaterThan(0);
    expect(reflective.every((t) => t.components.length === 2)).toBe(true);
    const accepted = report.gepa.trials.filter((t) => t.accepted && t.kind !== 'seed');
    expect(accepted.length).toBeGreaterThan(0);
    for (const t of accepted) {
      expect(t.valSubscores).toHaveLength(valset.length);
      expect(sum(t.minibatch!.after)).toBeGreaterThan(sum(t.minibatch!.before));
    }
    expect(report.trials.map((t) => t.index)).toEqual(report.trials.map((_, i) => i));
    expect(report.trials[0]!.kind).toBe('seed');
    expect(JSON.parse(JSON.stringify(report)).gepa.trials).toHaveLength(report.gepa.trials.length);
  });

  it('skips reflection when the minibatch is already perfect (skipPerfectScore)', async () => {
    const perfect = new GEPA(base({ maxMetricCalls: 20, reflectionLm: reflectionLm(() => 'never called') }));
    const easy = trainset.map((e) => new Example({ question: e.question, answer: e.question }).withInputs('question'));
    const { report } = await perfect.compile(new Pipeline(), { trainset: easy, valset: easy.slice(0, 2) });
    const iterations = report.gepa.trials.filter((t) => t.kind === 'reflective');
    expect(iterations.length).toBeGreaterThan(0);
    expect(iterations.every((t) => t.skipped === 'all-perfect')).toBe(true);
  });

  it('counts a metric that throws or returns NaN per example and keeps going', async () => {
    let calls = 0;
    const flaky: GepaMetric = (gold, pred, ...rest) => {
      calls++;
      if (gold.question === 'beta') throw new Error('metric exploded');
      if (gold.question === 'gamma' || gold.question === 'iota') return NaN;
      return metric(gold, pred, ...rest);
    };
    const { report } = await new GEPA(base({ metric: flaky, maxMetricCalls: 40 })).compile(new Pipeline(), {
      trainset,
      valset,
    });
    const failures = report.gepa.trials.reduce((s, t) => s + t.failures.metric, 0);
    expect(failures).toBeGreaterThan(0);
    expect(report.gepa.valsetMetricFailures).toBeGreaterThan(0); // 'iota' is in the valset

    // As DSPy: a metric that throws while giving feedback skips that reflection step.
    expect(
      report.gepa.trials.some(
        (t) => t.skipped === 'reflective-dataset-failed' && t.errors?.[0]?.includes('metric exploded'),
      ),
    ).toBe(true);
    expect(calls).toBeGreaterThan(0);
    expect(report.gepa.totalMetricCalls).toBeGreaterThanOrEqual(40);
  });

  it("with reflectionPrompt 'gepa', reads a fenced block and reports a reply without one", async () => {
    const replies = (user: string, n: number) =>
      n === 1
        ? 'Rewrite the question in SHOUT case as the draft.'
        : `Better:\n\`\`\`\n${user.includes('### draft\n') && user.includes('## Inputs\n### draft') ? 'Copy the draft and exclaim.' : 'SHOUT it.'}\n\`\`\``;
    const lm = reflectionLm(replies);
    const { report } = await new GEPA(base({ reflectionLm: lm, reflectionPrompt: 'gepa', maxMetricCalls: 40 })).compile(
      new Pipeline(),
      { trainset, valset },
    );
    const reflections = report.gepa.trials.flatMap((t) => t.reflections ?? []);
    expect(reflections[0]).toMatchObject({
      extraction: 'unfenced',
      raw: 'Rewrite the question in SHOUT case as the draft.',
    });
    expect(reflections.length).toBeGreaterThan(1);
    expect(reflections.slice(1).every((r) => r.extraction === 'fenced')).toBe(true);
    const first = lm.calls.length ? report.gepa.trials.find((t) => t.reflections)! : undefined;
    expect(first!.instructions.step1).toBe('Rewrite the question in SHOUT case as the draft.');
  });

  it('counts a reflection reply it cannot parse as a failed trial, after one retry, and goes on', async () => {
    const lm = reflectionLm(() => 'not json at all');
    const { report } = await new GEPA(base({ reflectionLm: lm, maxMetricCalls: 30 })).compile(new Pipeline(), {
      trainset,
      valset,
    });
    const failed = report.gepa.trials.filter((t) => t.skipped === 'reflection-failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.errors).toHaveLength(2);
    expect(report.gepa.candidates).toHaveLength(1);
  });

  it('is deterministic for a seed, also when examples run in parallel', async () => {
    const run = async (seed: number, concurrency: number) => {
      configure({ lm: taskLm() });
      const { report } = await new GEPA(base({ seed, concurrency, maxMetricCalls: 100 })).compile(new Pipeline(), {
        trainset,
        valset,
      });
      return JSON.stringify([report.gepa.candidates, report.gepa.parents, report.gepa.valSubscores]);
    };
    const a = await run(3, 1);
    expect(await run(3, 8)).toBe(a);
    expect(await run(3, 4)).toBe(a);
  });

  it('runs minibatches ahead after skipped iterations with exactly the sequential result', async () => {
    const run = async (speculate: boolean, concurrency: number) => {
      const lm = taskLm();
      configure({ lm });
      const { report } = await new GEPA(
        base({ speculate, concurrency, maxMetricCalls: 150, componentSelector: 'all' }),
      ).compile(new Pipeline(), { trainset, valset });
      const g = report.gepa;
      // Every task call is a scored rollout or a discarded run-ahead one (2 predictors per run).
      expect(lm.forwards).toBe(2 * (g.totalMetricCalls + g.speculativeEvals));
      return {
        g,
        key: JSON.stringify([
          g.candidates,
          g.parents,
          g.valSubscores,
          g.totalMetricCalls,
          g.trials.map((t) => [t.iteration, t.parents, t.skipped, t.minibatch]),
        ]),
      };
    };
    const sequential = await run(false, 1);
    const ahead = await run(true, 9);
    expect(ahead.key).toBe(sequential.key);
    expect(sequential.g.speculativeEvals).toBe(0);
    expect(sequential.g.ranAhead).toBe(0);
    expect(ahead.g.ranAhead).toBeGreaterThan(2);
    expect(sequential.g.trials.filter((t) => t.skipped === 'all-perfect').length).toBeGreaterThan(3);
  });

  it('emits start, trial and end events', async () => {
    const events = optimizerEvents();
    const seen: OptimizerEvent['type'][] = [];
    const done = (async () => {
      for await (const e of events) seen.push(e.type);
    })();
    await new GEPA(base({ onEvent: events.onEvent, maxMetricCalls: 20 })).compile(new Pipeline(), { trainset, valset });
    await done;
    expect(seen[0]).toBe('start');
    expect(seen.filter((t) => t === 'trial').length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBe('end');
  });
});

describe('GEPA checkpoint and resume', () => {
  it('resumes after an interruption with the same result as an uninterrupted run, redoing no finished trial', async () => {
    const reference = await new GEPA(base({ maxMetricCalls: 120 })).compile(new Pipeline(), { trainset, valset });
    const path = join(dir, 'gepa.json');
    const controller = new AbortController();
    let seen = 0;
    await expect(
      new GEPA(
        base({ maxMetricCalls: 120, checkpoint: path, onTrial: () => (++seen === 4 ? controller.abort() : undefined) }),
      ).compile(new Pipeline(), { trainset, valset, signal: controller.signal }),
    ).rejects.toThrow();
    const lm = taskLm();
    configure({ lm });
    const resumed = await new GEPA(base({ maxMetricCalls: 120, checkpoint: path })).compile(new Pipeline(), {
      trainset,
      valset,
    });
    expect(resumed.report.trials.slice(0, 4).every((t) => t.resumed)).toBe(true);
    expect(resumed.report.trials.slice(4).every((t) => !t.resumed)).toBe(true);
    expect(resumed.report.gepa.candidates).toEqual(reference.report.gepa.candidates);
    expect(resumed.report.gepa.valSubscores).toEqual(reference.report.gepa.valSubscores);
    expect(resumed.report.gepa.totalMetricCalls).toBe(reference.report.gepa.totalMetricCalls);
    expect(instructions(resumed.program)).toEqual(instructions(reference.program));
    // Only the unfinished iterations ran: fewer task LM calls than the whole run.
    const total = reference.report.gepa.trials.reduce((s, t) => s + t.lmCalls, 0);
    expect(lm.forwards).toBeLessThan(total);
    // A third run finds everything done.
    const idle = taskLm();
    configure({ lm: idle });
    const again = await new GEPA(base({ maxMetricCalls: 120, checkpoint: path })).compile(new Pipeline(), {
      trainset,
      valset,
    });
    expect(idle.forwards).toBe(0);
    expect(again.report.trials.length).toBeGreaterThan(0);
    expect(again.report.trials.every((t) => t.resumed)).toBe(true);
  });

  it('refuses a checkpoint of another run', async () => {
    const path = join(dir, 'gepa.json');
    await new GEPA(base({ maxMetricCalls: 20, checkpoint: path })).compile(new Pipeline(), { trainset, valset });
    await expect(
      new GEPA(base({ maxMetricCalls: 30, checkpoint: path })).compile(new Pipeline(), { trainset, valset }),
    ).rejects.toThrow(/belongs to a different GEPA run/);
  });
});

describe('Pareto bookkeeping (gepa_utils)', () => {
  it('removes dominated candidates and samples by front frequency', () => {
    // Example 0: best by 1 and 2; example 1: by 2; example 2: by 0 and 2 → 0 and 1 are dominated by 2.
    const fronts = new Map([
      [0, [1, 2]],
      [1, [2]],
      [2, [0, 2]],
    ]);
    expect([...removeDominated(fronts, [0.1, 0.3, 0.9]).values()]).toEqual([[2], [2], [2]]);
    expect(findDominators(fronts, [0.1, 0.3, 0.9])).toEqual([2]);
    // Two candidates each alone on a front both survive.
    const split = new Map([
      [0, [0]],
      [1, [1]],
      [2, [0, 1]],
    ]);
    expect(findDominators(split, [0.5, 0.5])).toEqual([0, 1]);
    const picks = new Set(
      Array.from({ length: 20 }, (_, i) => selectFromPareto(split, [0.5, 0.5], { choice: (xs) => xs[i % xs.length] })),
    );
    expect(picks).toEqual(new Set([0, 1]));
  });
});

it('DummyLM works as the task model (DSPy test_gepa.py style smoke run)', async () => {
  configure({ lm: new DummyLM(Array.from({ length: 200 }, () => ({ draft: 'x', answer: 'y' }))) });
  const { program } = await new GEPA(base({ maxMetricCalls: 12 })).compile(new Pipeline(), { trainset, valset });
  expect(program.compiled).toBe(true);
});

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
