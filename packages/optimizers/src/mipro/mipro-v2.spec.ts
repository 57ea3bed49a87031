import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configure, DspyError, resetSettings } from '@dspy-ts/core';
import { IdeaLM } from '../../test/helpers/idea-lm';
import { exactAnswer, reverseExamples, wordProgram } from '../../test/helpers/idea-data';
import { MIPROv2, type MIPROv2Options } from './mipro-v2';

const trainset = reverseExamples(0, 12);
const valset = reverseExamples(12, 10);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mipro-'));
  configure({ lm: new IdeaLM() });
});
afterEach(async () => {
  resetSettings();
  await rm(dir, { recursive: true, force: true });
});

const explicit = (extra: Partial<MIPROv2Options> = {}): MIPROv2Options => ({
  metric: exactAnswer,
  auto: null,
  numCandidates: 3,
  numTrials: 7,
  minibatchSize: 5,
  minibatchFullEvalSteps: 3,
  progress: false,
  ...extra,
});

describe('MIPROv2 settings', () => {
  it("computes DSPy's trial counts", () => {
    expect(MIPROv2.numTrialsFor(1, false, 6)).toBe(10);
    expect(MIPROv2.numTrialsFor(1, true, 6)).toBe(9);
    expect(MIPROv2.numTrialsFor(3, false, 12)).toBe(43);
  });

  it('rejects contradictory or missing budgets with clear errors', () => {
    expect(() => new MIPROv2({ metric: exactAnswer, numTrials: 5 })).toThrow(
      /with auto set, numCandidates and numTrials cannot/,
    );
    expect(() => new MIPROv2({ metric: exactAnswer, auto: null, numCandidates: 3 })).toThrow(
      /give both numCandidates and numTrials/,
    );
    expect(() => new MIPROv2({ metric: exactAnswer, auto: 'huge' as never })).toThrow(/invalid auto/);
    expect(() => new MIPROv2({ metric: exactAnswer, auto: null, numCandidates: 3, numTrials: 0 })).toThrow(
      /numTrials must be/,
    );
  });

  it('rejects an empty trainset, a too small trainset and a minibatch larger than the valset', async () => {
    await expect(new MIPROv2(explicit()).compile(wordProgram(), { trainset: [] })).rejects.toThrow(
      /MIPROv2 needs a non-empty trainset/,
    );
    await expect(new MIPROv2(explicit()).compile(wordProgram(), { trainset: trainset.slice(0, 1) })).rejects.toThrow(
      /at least 2/,
    );
    const error = await new MIPROv2(explicit({ minibatchSize: 50 }))
      .compile(wordProgram(), { trainset, valset })
      .catch((e: unknown) => e);
    expect(DspyError.is(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/minibatchSize \(50\) cannot exceed the valset size \(10\)/);
  });
});

describe('MIPROv2 control flow', () => {
  it('follows the minibatch schedule: full evaluations after every 3 minibatch trials and at the end', async () => {
    const { report, fullEvalCandidates } = await new MIPROv2(explicit()).compile(wordProgram(), { trainset, valset });
    expect(report.trials!.map((t) => t.kind)).toEqual([
      'baseline',
      'minibatch',
      'minibatch',
      'minibatch',
      'full-eval',
      'minibatch',
      'minibatch',
      'minibatch',
      'full-eval',
      'minibatch',
      'full-eval',
    ]);
    expect(report.trials!.filter((t) => t.kind === 'minibatch').every((t) => t.minibatchSize === 5)).toBe(true);
    expect(fullEvalCandidates.length).toBe(4);
    expect(report.instructionCandidates.self).toHaveLength(3);
    expect(report.bestScore).toBe(Math.max(...report.trials!.map((t) => t.fullScore ?? -1)));
  });

  it('is seeded: the same seed and replies give the same program and trials', async () => {
    const a = await new MIPROv2(explicit()).compile(wordProgram(), { trainset, valset });
    configure({ lm: new IdeaLM() });
    const b = await new MIPROv2(explicit()).compile(wordProgram(), { trainset, valset });
    expect(b.report.trials!.map((t) => [t.params, t.minibatchScore, t.fullScore])).toEqual(
      a.report.trials!.map((t) => [t.params, t.minibatchScore, t.fullScore]),
    );
    expect(JSON.stringify(b.program.dumpState())).toBe(JSON.stringify(a.program.dumpState()));
  });

  it('sends proposer prompts to promptModel and program runs to taskModel', async () => {
    const promptModel = new IdeaLM();
    const taskModel = new IdeaLM();
    configure({ lm: undefined as never });
    resetSettings();
    await new MIPROv2(explicit({ promptModel, taskModel })).compile(wordProgram(), { trainset, valset });
    expect(promptModel.brain.stats.taskCalls).toBe(0);
    expect(promptModel.brain.stats.byKind['mipro-instruction']).toBe(3);
    expect(taskModel.brain.stats.promptCalls).toBe(0);
    expect(taskModel.brain.stats.taskCalls).toBeGreaterThan(0);
  });

  it('resumes after a crash with the same result, redoing no finished step or trial', async () => {
    const reference = await new MIPROv2(explicit()).compile(wordProgram(), { trainset, valset });
    const checkpoint = join(dir, 'mipro.json');
    const controller = new AbortController();
    configure({ lm: new IdeaLM() });
    await expect(
      new MIPROv2(explicit({ checkpoint, onTrial: (t) => (t.index === 5 ? controller.abort() : undefined) })).compile(
        wordProgram(),
        { trainset, valset, signal: controller.signal },
      ),
    ).rejects.toThrow();
    const lm = new IdeaLM();
    configure({ lm });
    const resumed = await new MIPROv2(explicit({ checkpoint })).compile(wordProgram(), { trainset, valset });
    expect(resumed.report.trials!.filter((t) => t.resumed).map((t) => t.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lm.brain.stats.promptCalls).toBe(0); // summary, descriptions and proposals all came back
    expect(resumed.report.trials!.map((t) => [t.params, t.minibatchScore, t.fullScore])).toEqual(
      reference.report.trials!.map((t) => [t.params, t.minibatchScore, t.fullScore]),
    );
    expect(JSON.stringify(resumed.program.dumpState())).toBe(JSON.stringify(reference.program.dumpState()));
  });

  it('never mutates the student and reports JSON-clean trials', async () => {
    const student = wordProgram();
    const before = JSON.stringify(student.dumpState());
    const { report, program } = await new MIPROv2(explicit()).compile(student, { trainset, valset });
    expect(JSON.stringify(student.dumpState())).toBe(before);
    expect(program).not.toBe(student);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
