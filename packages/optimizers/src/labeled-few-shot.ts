import { ObserveCompile } from '@dspy-ts/core/provider-kit';
import { DspyError, type Example, SeededRandom } from '@dspy-ts/core';
import { clearedCopy } from './internal/copies';
import { measure } from './internal/measure';
import { buildReport } from './internal/report';
import type { AnyProgram, CompileOptions, CompileResult, Optimizer } from './optimizer';

export interface LabeledFewShotOptions {
  /** Demos per predictor. Default 16. */
  readonly k?: number;
  /** Random sample (seeded) instead of the first k. Default true. */
  readonly sample?: boolean;
  /** Seed of the sample. Default 0 (DSPy's `random.Random(0)`: the same demos as DSPy). */
  readonly seed?: number;
}

/**
 * Gives every predictor of `program` up to `k` train examples as demos. One RNG is shared across
 * predictors, as DSPy does, so predictors get different samples. Mutates `program`.
 *
 * @example
 * const copy = program.deepCopy();
 * attachLabeledDemos(copy, trainset, 4); // each predictor: 4 seeded picks from trainset
 */
export function attachLabeledDemos(
  program: AnyProgram,
  trainset: readonly Example<any>[],
  k: number,
  sample = true,
  seed = 0,
): void {
  if (trainset.length === 0) return;
  const rng = new SeededRandom(seed);
  const n = Math.min(k, trainset.length);
  for (const predictor of program.predictors()) {
    predictor.demos = sample ? rng.sample(trainset, n) : trainset.slice(0, n);
  }
}

/**
 * DSPy's `LabeledFewShot`: no LM calls; each predictor gets `k` labeled train examples as demos.
 *
 * @example
 * const { program } = await new LabeledFewShot({ k: 8 }).compile(qa, { trainset });
 * program.predictors()[0].demos.length; // 8
 */
export class LabeledFewShot implements Optimizer {
  readonly name = 'LabeledFewShot';
  readonly config: Required<LabeledFewShotOptions>;

  constructor(options: LabeledFewShotOptions = {}) {
    const k = options.k ?? 16;
    if (!Number.isInteger(k) || k < 0)
      throw new DspyError('CONFIG_INVALID', `LabeledFewShot needs k to be a whole number >= 0; got ${k}.`);
    this.config = { k, sample: options.sample ?? true, seed: options.seed ?? 0 };
  }

  @ObserveCompile()
  async compile<P extends AnyProgram>(student: P, options: CompileOptions): Promise<CompileResult<P>> {
    const { result: program, cost } = await measure(async () => {
      const copy = clearedCopy(student);
      attachLabeledDemos(copy, options.trainset, this.config.k, this.config.sample, this.config.seed);
      copy.compiled = true;
      return copy;
    });
    return { program, report: buildReport(this.name, cost) };
  }
}
