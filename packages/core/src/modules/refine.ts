import type { Adapter } from '../adapters/adapter';
import type { TraceEntry } from '../context/settings';
import { withSettings } from '../context/settings';
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
import { Predict } from './predict';
import { feedbackInputs, OFFER_FEEDBACK } from './refine-feedback';
import { HintAdapter } from './refine-hint-adapter';

/**
 * @example
 * { N: 3, threshold: 1, rewardFn: (_, p) => (p.answer.length < 20 ? 1 : 0) }
 */
export interface RefineOptions<M extends Program<any, any>> {
  /** Maximum number of attempts. */
  readonly N: number;
  readonly rewardFn: RewardFn<ProgramInputs<M>, Awaited<ProgramOutput<M>>>;
  /** An attempt scoring at least this is returned at once; without one every attempt runs. */
  readonly threshold?: number;
  /** Failed attempts tolerated before the error is rethrown (default N). */
  readonly failCount?: number;
  /** The program's source as the feedback model sees it. Default: the module class's source text. */
  readonly moduleCode?: string;
  /** The reward function's source as the feedback model sees it. Default: its source text. */
  readonly rewardFnCode?: string;
}

/**
 * DSPy's `Refine`: like `BestOfN` (copies at `temperature: 1.0` with fresh `rolloutId`s, first
 * attempt reaching `threshold` wins, else the best), but after each attempt below the threshold
 * an `OfferFeedback` call reads the program, its trace and its reward and writes advice per
 * predictor; the next attempt shows each predictor its advice as an extra input `hint_`.
 *
 * @example
 * const qa = new ChainOfThought('question -> answer');
 * const refined = new Refine(qa, { N: 3, threshold: 1, rewardFn: (_, p) => (p.answer.split(' ').length === 1 ? 1 : 0) });
 * const p = await refined.call({ question: 'What is the capital of Belgium?' });
 */
export class Refine<M extends Program<any, any>> extends Program<ProgramInputs<M>, Awaited<ProgramOutput<M>>> {
  readonly module: M;
  readonly N: number;
  threshold: number | undefined;
  failCount: number;
  readonly rewardFn: RewardFn<ProgramInputs<M>, Awaited<ProgramOutput<M>>>;
  moduleCode: string;
  rewardFnCode: string;

  constructor(module: M, options: RefineOptions<M>) {
    super();
    this.module = module;
    this.N = options.N;
    this.rewardFn = options.rewardFn;
    this.threshold = options.threshold;
    this.failCount = options.failCount || options.N;
    this.moduleCode = options.moduleCode ?? module.constructor.toString();
    this.rewardFnCode = options.rewardFnCode ?? options.rewardFn.toString();
  }

  async forward(inputs: ProgramInputs<M>, options?: CallOptions): Promise<Awaited<ProgramOutput<M>>> {
    const lm = baseLmOf(this.module, 'Refine');
    const start = firstRolloutId(lm);
    const budget = new FailureBudget(this.failCount, 'Refine');
    let best: { prediction: Awaited<ProgramOutput<M>>; trace: TraceEntry[]; reward: number } | undefined;
    let advice: Readonly<Record<string, unknown>> | undefined;
    let lastError: unknown;

    for (let idx = 0; idx < this.N; idx++) {
      const mod = this.module.deepCopy();
      mod.setLm(rolloutLm(lm, start + idx));
      const named = mod.namedPredictors();
      try {
        if (advice) {
          for (const [name, p] of named) {
            const own = p as { adapter?: Adapter };
            own.adapter = new HintAdapter(own.adapter, String(advice[name] ?? 'N/A'));
          }
        }
        const {
          result,
          trace,
          extra: reward,
        } = await withFreshTrace(
          () => mod.call(inputs, options as never) as Promise<Awaited<ProgramOutput<M>>>,
          (prediction) => this.rewardFn(inputs, prediction),
        );
        if (!best || reward > best.reward) best = { prediction: result, trace, reward };
        if (this.threshold !== undefined && reward >= this.threshold) break;
        if (idx === this.N - 1) break;

        const report = {
          programCode: this.moduleCode,
          rewardCode: this.rewardFnCode,
          named,
          inputs,
          trace,
          outputs: result,
          threshold: this.threshold,
          reward,
        };
        // Unlike DSPy, the feedback call stays out of the caller's trace: it is no step of the program.
        const feedback = await withSettings({ trace: null }, () =>
          new Predict(OFFER_FEEDBACK).call(feedbackInputs(report), { lm, signal: options?.signal }),
        );
        advice = feedback.advice as Record<string, unknown>;
      } catch (err) {
        lastError = err;
        budget.fail(idx, start + idx, err);
      }
    }

    if (!best)
      throw new DspyError('EXECUTION_CANCELLED', `Refine: all ${this.N} attempts failed.`, { cause: lastError });
    extendTrace(best.trace);
    return best.prediction;
  }
}
