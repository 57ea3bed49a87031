// With a remote evaluator, MIPROv2's and COPRO's run-level cost counts the LM calls the evaluator
// reports (its workers'), on top of this process's own (proposals, bootstrapping).
import { configure, resetSettings } from '@dspy-ts/core';
import { IdeaLM } from '../../test/helpers/idea-lm';
import { exactAnswer, reverseExamples, wordProgram } from '../../test/helpers/idea-data';
import { FakeRemoteEvaluator } from '../../test/helpers/fake-remote-evaluator';
import { COPRO } from '../copro/copro';
import { MIPROv2 } from '../mipro/mipro-v2';

afterEach(() => resetSettings());

const trainset = reverseExamples(0, 10);
const valset = reverseExamples(10, 6);

function countsBoth(report: { lmCalls: number; cacheHits: number; tokens: { totalTokens: number } }) {
  return [report.lmCalls, report.cacheHits, report.tokens.totalTokens];
}

describe('run-level cost with a remote evaluator', () => {
  it('MIPROv2: report.lmCalls/cacheHits/tokens = this process’s + what the evaluator reported', async () => {
    const lm = new IdeaLM();
    configure({ lm });
    const evaluator = new FakeRemoteEvaluator();
    const { report } = await new MIPROv2({
      metric: exactAnswer,
      auto: null,
      numCandidates: 2,
      numTrials: 3,
      minibatchSize: 3,
      progress: false,
      evaluator,
    }).compile(wordProgram(), { trainset, valset });
    expect(evaluator.evaluations).toBeGreaterThan(2);
    expect(lm.brain.stats.taskCalls).toBe(0); // every evaluation was "remote"
    expect(countsBoth(report)).toEqual([
      lm.brain.stats.promptCalls + evaluator.reported.lmCalls,
      evaluator.reported.cacheHits,
      lm.brain.stats.promptCalls * 15 + evaluator.reported.totalTokens,
    ]);
    // Trials hold the evaluations' cost (proposals are steps, not trials).
    expect(report.trials!.reduce((s, t) => s + t.lmCalls, 0)).toBe(evaluator.reported.lmCalls);
  });

  it('COPRO: report.lmCalls/cacheHits/tokens = this process’s + what the evaluator reported', async () => {
    const lm = new IdeaLM();
    configure({ lm });
    const evaluator = new FakeRemoteEvaluator();
    const { report } = await new COPRO({
      metric: exactAnswer,
      breadth: 2,
      depth: 2,
      progress: false,
      evaluator,
    }).compile(wordProgram(), { trainset });
    expect(evaluator.evaluations).toBeGreaterThan(1);
    expect(lm.brain.stats.taskCalls).toBe(0);
    expect(countsBoth(report)).toEqual([
      lm.brain.stats.promptCalls + evaluator.reported.lmCalls,
      evaluator.reported.cacheHits,
      lm.brain.stats.promptCalls * 15 + evaluator.reported.totalTokens,
    ]);
  });
});
