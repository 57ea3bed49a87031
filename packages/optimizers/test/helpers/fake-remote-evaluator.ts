import type { Example } from '@dspy-ts/core';
import type { AnyProgram } from '../../src/optimizer';
import type { CandidateEvaluator, CandidateScore } from '../../src/shared/evaluator';

/**
 * Stands in for a distributed evaluator's workers: no LM call in this process, a score from the
 * program's demos and instructions, and per row the cost the workers "measured" (1 call, 33 tokens).
 */
export class FakeRemoteEvaluator implements CandidateEvaluator {
  evaluations = 0;
  reported = { lmCalls: 0, cacheHits: 0, totalTokens: 0 };

  async evaluate(program: AnyProgram, examples: readonly Example<any>[]): Promise<CandidateScore> {
    this.evaluations++;
    const predictors = program.predictors();
    const demos = predictors.reduce((n, p) => n + p.demos.length, 0);
    const words = predictors.reduce((n, p) => n + p.signature.instructions.split(/\s+/).length, 0);
    const subscores = examples.map((_, i) => ((i + demos + words) % 3 === 0 ? 1 : 0));
    const n = examples.length;
    this.reported.lmCalls += n;
    this.reported.cacheHits += 2;
    this.reported.totalTokens += 33 * n;
    return {
      score: Math.round((subscores.reduce<number>((s, x) => s + x, 0) / n) * 10000) / 100,
      subscores,
      cost: {
        lmCalls: n,
        cacheHits: 2,
        tokens: { promptTokens: 30 * n, completionTokens: 3 * n, totalTokens: 33 * n },
      },
    };
  }
}
