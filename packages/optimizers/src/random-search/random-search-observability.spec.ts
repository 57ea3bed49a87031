import { type CallStartEvent, configure, resetSettings, type TrialEvent } from '@dspy-ts/core';
import { qa, SimpleModule } from '../../test/helpers/programs';
import { fieldOf, ScriptedLM } from '@dspy-ts/core/testing';
import { BootstrapFewShotWithRandomSearch } from './random-search';

afterEach(() => resetSettings());

describe('random search reports to callbacks', () => {
  it('one compile call with a trial event per candidate, and LM calls nested under it', async () => {
    const starts: CallStartEvent[] = [];
    const trials: TrialEvent[] = [];
    const lm = new ScriptedLM((user) => ({ answer: `a${fieldOf(user, 'question').slice(1)}` }));
    configure({
      lm,
      callbacks: [
        { onCompileStart: (e) => starts.push(e), onLmStart: (e) => starts.push(e), onTrial: (e) => trials.push(e) },
      ],
    });
    const trainset = qa(Array.from({ length: 4 }, (_, i) => [`q${i}`, `a${i}`] as [string, string]));
    const optimizer = new BootstrapFewShotWithRandomSearch({
      metric: (e, p: { answer?: unknown }) => e.answer === p.answer,
      numCandidatePrograms: 1,
      maxBootstrappedDemos: 1,
      maxLabeledDemos: 1,
    });
    const { report } = await optimizer.compile(new SimpleModule('question -> answer'), { trainset });
    const compiles = starts.filter((s) => s.kind === 'compile');
    expect(compiles[0]).toMatchObject({ name: 'BootstrapFewShotWithRandomSearch', parentCallId: undefined });
    expect(compiles[0]!.inputs).toMatchObject({ trainsetSize: 4, valsetSize: 0 });
    expect(trials.map((t) => t.trial)).toEqual([0, 1, 2, 3]);
    expect(trials.every((t) => t.parentCallId === compiles[0]!.callId)).toBe(true);
    expect(trials.map((t) => t.score)).toEqual(report.candidates.map((c) => c.score));
    expect(trials.at(-1)!.bestScore).toBe(Math.max(...report.candidates.map((c) => c.score)));
    expect(starts.filter((s) => s.kind === 'lm').length).toBeGreaterThan(0);
    expect(report.costUsd).toBe(0); // the scripted model has no price
  });
});
