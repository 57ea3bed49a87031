import { createHash } from 'node:crypto';
import { DspyError, Program, SeededRandom } from '@dspy-ts/core';
import { canonicalJson } from '@dspy-ts/core/provider-kit';
import type { AnyProgram, OptimizerReport } from '../optimizer';

export interface EnsembleOptions<R = unknown> {
  /** Combines the programs' outputs, e.g. `majority`. None: `call()` returns the list of outputs. */
  readonly reduceFn?: (outputs: any[]) => R;
  /** Programs sampled per call. Default: all of them. */
  readonly size?: number;
  /** Same inputs → same sampled programs (the sample is seeded by a hash of the inputs). */
  readonly deterministic?: boolean;
  /** Seed of the per-call sample when not deterministic. Default 0. */
  readonly seed?: number;
}

/**
 * The program `Ensemble.compile` returns: calls its programs (all, or `size` sampled) in parallel
 * with the same inputs and reduces their outputs.
 *
 * @example
 * const ensembled = new EnsembledProgram([qa1, qa2, qa3], { reduceFn: majority });
 * const voted = await ensembled.call({ question });
 */
export class EnsembledProgram<R = unknown> extends Program<Record<string, unknown>, R> {
  private readonly rng: SeededRandom;

  constructor(
    readonly programs: AnyProgram[],
    private readonly options: EnsembleOptions<R>,
  ) {
    super();
    this.rng = new SeededRandom(options.seed ?? 0);
  }

  async forward(inputs: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<R> {
    const size = this.options.size;
    let chosen = this.programs;
    if (size !== undefined && size < this.programs.length) {
      const rng = this.options.deterministic
        ? new SeededRandom(createHash('sha256').update(canonicalJson(inputs)).digest().readUIntBE(0, 6))
        : this.rng;
      chosen = rng.sample(this.programs, size);
    }
    const outputs = await Promise.all(chosen.map((p) => p.call(inputs as never, options as never)));
    return (this.options.reduceFn ? this.options.reduceFn(outputs) : outputs) as R;
  }
}

/**
 * DSPy's `Ensemble`: one program from many. Unlike DSPy it runs the programs in parallel and
 * implements `deterministic` (DSPy asserts it is false).
 *
 * @example
 * const { program } = new Ensemble({ reduceFn: majority }).compile(candidates.slice(0, 3).map((c) => c.program));
 * const voted = await program.call({ question });
 */
export class Ensemble<R = unknown> {
  readonly name = 'Ensemble';

  constructor(readonly config: EnsembleOptions<R> = {}) {
    const size = config.size;
    if (size !== undefined && (!Number.isInteger(size) || size < 1))
      throw new DspyError('CONFIG_INVALID', `Ensemble size must be a whole number >= 1; got ${size}.`);
  }

  compile(programs: readonly AnyProgram[]): { program: EnsembledProgram<R>; report: OptimizerReport } {
    if (programs.length === 0) throw new DspyError('CONFIG_INVALID', 'Ensemble.compile needs at least one program.');
    if (this.config.size !== undefined && this.config.size > programs.length) {
      throw new DspyError(
        'CONFIG_INVALID',
        `Ensemble size ${this.config.size} is larger than the ${programs.length} programs given.`,
      );
    }
    const program = new EnsembledProgram<R>([...programs], this.config);
    program.compiled = true;
    const report: OptimizerReport = {
      optimizer: this.name,
      candidates: [],
      lmCalls: 0,
      cacheHits: 0,
      tokens: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      durationMs: 0,
    };
    return { program, report };
  }
}
