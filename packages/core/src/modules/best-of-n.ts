import type { TraceEntry } from '../context/settings';
import { DspyError } from '../errors/dspy-error';
import { type CallOptions, Program, type ProgramInputs, type ProgramOutput } from '../primitives/program';
import {
  baseLmOf,
  extendTrace,
  FailureBudget,
  firstRolloutId,
  type RewardFn,
  rolloutLm,
  withFreshTrace,
} from './best-of-n-rollouts';

/**
 * @example
 * { N: 3, rewardFn: (inputs, pred) => (pred.answer.split(' ').length === 1 ? 1 : 0), threshold: 1 }
 */
export interface BestOfNOptions<M extends Program<any, any>> {
  /** Maximum number of attempts. */
  readonly N: number;
  readonly rewardFn: RewardFn<ProgramInputs<M>, Awaited<ProgramOutput<M>>>;
  /** An attempt scoring at least this is returned at once. */
  readonly threshold: number;
  /** Failed attempts tolerated before the error is rethrown (default N). */
  readonly failCount?: number;
}

/**
 * DSPy's `BestOfN`: runs a copy of the module up to N times, each with its LM copied at
 * `temperature: 1.0` and a new `rolloutId` (so cached replies are not reused), scores every
 * prediction with `rewardFn`, and returns the first reaching `threshold`, else the best one.
 * The winner's trace is added to the caller's trace.
 *
 * @example
 * const qa = new ChainOfThought('question -> answer');
 * const oneWord = new BestOfN(qa, { N: 3, threshold: 1, rewardFn: (_, p) => (p.answer.trim().split(/\s+/).length === 1 ? 1 : 0) });
 * const p = await oneWord.call({ question: 'What is the capital of Belgium?' });
 */
export class BestOfN<M extends Program<any, any>> extends Program<ProgramInputs<M>, Awaited<ProgramOutput<M>>> {
  readonly module: M;
  readonly N: number;
  threshold: number;
  failCount: number;
  readonly rewardFn: RewardFn<ProgramInputs<M>, Awaited<ProgramOutput<M>>>;

  constructor(module: M, options: BestOfNOptions<M>) {
    super();
    this.module = module;
    this.N = options.N;
    this.rewardFn = options.rewardFn;
    this.threshold = options.threshold;
    this.failCount = options.failCount || options.N;
  }

  async forward(inputs: ProgramInputs<M>, options?: CallOptions): Promise<Awaited<ProgramOutput<M>>> {
    const lm = baseLmOf(this.module, 'BestOfN');
    const start = firstRolloutId(lm);
    const budget = new FailureBudget(this.failCount, 'BestOfN');
    let best: { prediction: Awaited<ProgramOutput<M>>; trace: TraceEntry[]; reward: number } | undefined;
    let lastError: unknown;

    for (let idx = 0; idx < this.N; idx++) {
      const mod = this.module.deepCopy();
      mod.setLm(rolloutLm(lm, start + idx));
      try {
        const {
          result,
          trace,
          extra: reward,
        } = await withFreshTrace(
          () => mod.call(inputs, options as never) as Promise<Awaited<ProgramOutput<M>>>,
          (prediction) => this.rewardFn(inputs, prediction),
        );
        if (!best || reward > best.reward) best = { prediction: result, trace, reward };
        if (reward >= this.threshold) break;
      } catch (err) {
        lastError = err;
        budget.fail(idx, start + idx, err);
      }
    }

    if (!best) {
      // DSPy returns None here (only possible when failCount > N); a typed API throws, the last failure as cause.
      throw new DspyError('EXECUTION_CANCELLED', `BestOfN: all ${this.N} attempts failed.`, { cause: lastError });
    }
    extendTrace(best.trace);
    return best.prediction;
  }
}
