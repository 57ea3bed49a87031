import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configure, DspyError, Example, resetSettings } from '@dspy-ts/core';
import { qa, SimpleModule } from '../../test/helpers/programs';
import { fieldOf, ScriptedLM } from '@dspy-ts/core/testing';
import { BootstrapFewShotWithRandomSearch, type RandomSearchOptions } from './random-search';

const train = qa(Array.from({ length: 6 }, (_, i) => [`q${i}`, `a${i}`] as [string, string]));
const valset = qa([
  ['q7', 'a7'],
  ['q8', 'a8'],
]);
let dir: string;
let crashOnCandidate: number | undefined;
let scored = 0;

// The metric "crashes the process" while scoring one candidate (Evaluate calls it without a
// trace; bootstrapping with one): it throws, and with maxErrors 1 the run dies.
function answerOf(e: Example<any>, p: { answer?: unknown }, trace?: unknown): boolean {
  if (trace === undefined) {
    if (crashOnCandidate !== undefined && scored >= crashOnCandidate * valset.length)
      throw new Error('simulated crash');
    scored++;
  }
  return e.answer === p.answer;
}

function lm() {
  return new ScriptedLM((user) => ({
    answer: Number(fieldOf(user, 'question').slice(1)) % 2 ? 'x' : `a${fieldOf(user, 'question').slice(1)}`,
  }));
}

const options = (checkpoint?: string): RandomSearchOptions => ({
  metric: answerOf,
  numCandidatePrograms: 3,
  maxBootstrappedDemos: 2,
  maxLabeledDemos: 2,
  maxErrors: 1,
  checkpoint,
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rs-checkpoint-'));
  crashOnCandidate = undefined;
  scored = 0;
});
afterEach(async () => {
  resetSettings();
  await rm(dir, { recursive: true, force: true });
});

describe('random search checkpoint/resume', () => {
  it('resumes after a crash without redoing finished candidates, and ends as an uninterrupted run', async () => {
    configure({ lm: lm() });
    const reference = await new BootstrapFewShotWithRandomSearch(options()).compile(
      new SimpleModule('question -> answer'),
      { trainset: train, valset },
    );

    const path = join(dir, 'rs.json');
    const crashing = lm();
    configure({ lm: crashing });
    [crashOnCandidate, scored] = [3, 0]; // dies while scoring the 4th candidate (seed 0)
    await expect(
      new BootstrapFewShotWithRandomSearch(options(path)).compile(new SimpleModule('question -> answer'), {
        trainset: train,
        valset,
      }),
    ).rejects.toThrow(/simulated crash/);
    const saved = JSON.parse(await readFile(path, 'utf8'));
    expect(Object.keys(saved.steps)).toEqual(['candidate/-3', 'candidate/-2', 'candidate/-1']);

    crashOnCandidate = undefined;
    const resumedLm = lm();
    configure({ lm: resumedLm });
    const resumed = await new BootstrapFewShotWithRandomSearch(options(path)).compile(
      new SimpleModule('question -> answer'),
      { trainset: train, valset },
    );

    expect(resumed.report.candidates.map((c) => [c.seed, c.resumed])).toEqual([
      [-3, true],
      [-2, true],
      [-1, true],
      [0, false],
      [1, false],
      [2, false],
    ]);
    // Only seeds 0..2 ran: their LM calls are the whole run's.
    const fresh = resumed.report.candidates.filter((c) => !c.resumed);
    expect(resumed.report.lmCalls).toBe(fresh.reduce((s, c) => s + c.lmCalls, 0));
    expect(resumedLm.forwards).toBe(resumed.report.lmCalls);
    expect(resumed.report.candidates.map((c) => c.score)).toEqual(reference.report.candidates.map((c) => c.score));
    expect(resumed.report.bestIndex).toBe(reference.report.bestIndex);
    expect(JSON.stringify(resumed.program.dumpState())).toBe(JSON.stringify(reference.program.dumpState()));
    expect(resumed.program.compiled).toBe(true);

    // A third run finds everything done: no LM call at all.
    const idle = lm();
    configure({ lm: idle });
    const again = await new BootstrapFewShotWithRandomSearch(options(path)).compile(
      new SimpleModule('question -> answer'),
      { trainset: train, valset },
    );
    expect(idle.forwards).toBe(0);
    expect(again.report.candidates.length).toBeGreaterThan(0);
    expect(again.report.candidates.every((c) => c.resumed)).toBe(true);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a checkpoint written for other data or settings', async () => {
    configure({ lm: lm() });
    const path = join(dir, 'rs.json');
    await new BootstrapFewShotWithRandomSearch({ ...options(path), restrict: [-3] }).compile(
      new SimpleModule('question -> answer'),
      { trainset: train, valset },
    );
    const otherData = new BootstrapFewShotWithRandomSearch(options(path)).compile(
      new SimpleModule('question -> answer'),
      { trainset: train.slice(1), valset },
    );
    const error = await otherData.catch((e: unknown) => e);
    expect(DspyError.is(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/belongs to a different \w+ run/);
    const otherSettings = new BootstrapFewShotWithRandomSearch({ ...options(path), maxLabeledDemos: 3 }).compile(
      new SimpleModule('question -> answer'),
      { trainset: train, valset },
    );
    await expect(otherSettings).rejects.toThrow(/belongs to a different \w+ run/);
  });

  it('refuses a corrupt or foreign checkpoint file with FILE_INVALID, naming the fix', async () => {
    configure({ lm: lm() });
    const path = join(dir, 'rs.json');
    for (const text of [
      '{"version": 2, "optimizer": "BootstrapFewShotWithRandomSearch", "ste',
      '{"version": 2, "optimizer": "MIPROv2", "fingerprint": "x", "steps": {}}',
    ]) {
      await writeFile(path, text);
      const error = await new BootstrapFewShotWithRandomSearch(options(path))
        .compile(new SimpleModule('question -> answer'), { trainset: train, valset })
        .catch((e: unknown) => e);
      expect(DspyError.is(error, 'FILE_INVALID')).toBe(true);
      expect((error as Error).message).toMatch(/Delete it/);
    }
  });

  it('stops on an aborted signal between candidates, keeping what finished', async () => {
    configure({ lm: lm() });
    const path = join(dir, 'rs.json');
    const controller = new AbortController();
    const optimizer = new BootstrapFewShotWithRandomSearch({
      ...options(path),
      onCandidate: (c) => (c.seed === -2 ? controller.abort() : undefined),
    });
    await expect(
      optimizer.compile(new SimpleModule('question -> answer'), { trainset: train, valset, signal: controller.signal }),
    ).rejects.toThrow();
    expect(Object.keys(JSON.parse(await readFile(path, 'utf8')).steps)).toHaveLength(2);
  });
});
