// A remote evaluator's workers make LM calls this process never sees; they come back in the
// evaluator's `cost` and must be in the candidate and run-level counts, as they are in the trials.
import { configure, type Example, resetSettings } from '@dspy-ts/core';
import { fieldOf, ScriptedLM } from '@dspy-ts/core/testing';
import { qa, SimpleModule } from '../../test/helpers/programs';
import { type CandidateEvaluator, LocalEvaluator } from '../shared/evaluator';
import { FakeRemoteEvaluator } from '../../test/helpers/fake-remote-evaluator';
import { BootstrapFewShotWithRandomSearch } from './random-search';

afterEach(() => resetSettings());

const answerOf = (e: Example<any>, p: Record<string, unknown>) => e.answer === p.answer;
const train = qa(Array.from({ length: 6 }, (_, i) => [`q${i}`, `a${i}`] as [string, string]));
const valset = qa(Array.from({ length: 5 }, (_, i) => [`q${10 + i}`, `a${10 + i}`] as [string, string]));

function search(evaluator: CandidateEvaluator) {
  return new BootstrapFewShotWithRandomSearch({
    metric: answerOf,
    numCandidatePrograms: 2,
    maxBootstrappedDemos: 2,
    maxLabeledDemos: 2,
    evaluator,
  });
}

const rightLm = () => new ScriptedLM((user) => ({ answer: `a${fieldOf(user, 'question').slice(1)}` }));

describe('BootstrapFewShotWithRandomSearch with a remote evaluator', () => {
  it('counts the LM calls, cache hits and tokens the evaluator reports in each candidate and in the run', async () => {
    const lm = rightLm(); // the coordinator's LM: only bootstrapping calls reach it
    configure({ lm });
    const evaluator = new FakeRemoteEvaluator();
    const { report } = await search(evaluator).compile(new SimpleModule('question -> answer'), {
      trainset: train,
      valset,
    });

    const n = report.candidates.length;
    expect(n).toBe(5);
    expect(evaluator.evaluations).toBe(n);
    expect(lm.forwards).toBeGreaterThan(0);
    // The run: the coordinator's calls plus 5 remote calls (one per valset row) per candidate.
    expect(report.lmCalls).toBe(lm.forwards + n * valset.length);
    expect(report.cacheHits).toBe(n * 2);
    expect(report.tokens.totalTokens).toBe(lm.forwards * 15 + n * valset.length * 33);
    // Each candidate: its own bootstrapping calls plus its remote evaluation, as its trial reports.
    expect(report.lmCalls).toBe(report.candidates.reduce((s, c) => s + c.lmCalls, 0));
    expect(report.tokens.totalTokens).toBe(report.candidates.reduce((s, c) => s + c.tokens.totalTokens, 0));
    const zeroShot = report.candidates.find((c) => c.kind === 'zero-shot')!;
    expect([zeroShot.lmCalls, zeroShot.cacheHits, zeroShot.tokens.totalTokens]).toEqual([5, 2, 165]);
    expect(report.trials!.map((t) => [t.lmCalls, t.cacheHits, t.tokens])).toEqual(
      report.candidates.map((c) => [c.lmCalls, c.cacheHits, c.tokens]),
    );
  });

  it('counts a local evaluation once (the local evaluator reports no cost of its own)', async () => {
    const lm = rightLm();
    configure({ lm });
    const { report } = await search(new LocalEvaluator()).compile(new SimpleModule('question -> answer'), {
      trainset: train,
      valset,
    });
    expect(report.lmCalls).toBe(lm.forwards);
    expect(report.candidates.reduce((s, c) => s + c.lmCalls, 0)).toBe(lm.forwards);
    expect(report.trials!.map((t) => t.lmCalls)).toEqual(report.candidates.map((c) => c.lmCalls));
    // Every candidate scored all 5 valset rows through the coordinator's LM.
    expect(report.candidates.length).toBeGreaterThan(0);
    for (const c of report.candidates) expect(c.lmCalls).toBeGreaterThanOrEqual(valset.length);
  });
});
