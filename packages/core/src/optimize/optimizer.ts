import type { LmUsage } from '../lm/language-model';
import type { Example } from '../primitives/example';
import type { Program } from '../primitives/program';

/** Any program an optimizer can compile (a `Program` subclass, a bare `Predict`, a `ChainOfThought`...). */
export type AnyProgram = Program<any, any>;

/** What every `compile()` takes besides the student. */
export interface CompileOptions {
  /** Labeled examples (with `withInputs(...)`) to draw demos from and to bootstrap on. */
  readonly trainset: readonly Example<any>[];
  /** Where candidates are scored. Default: the trainset (as DSPy). */
  readonly valset?: readonly Example<any>[];
  /** Program that produces bootstrapped traces. Default: a copy of the student. */
  readonly teacher?: AnyProgram;
  /** Aborting it stops the run between LM calls; finished candidates stay in the checkpoint. */
  readonly signal?: AbortSignal;
}

/** One candidate program an optimizer scored. */
export interface CandidateReport {
  /** DSPy's seed: -3 zero-shot, -2 labeled only, -1 unshuffled bootstrap, >= 0 shuffled bootstrap. */
  readonly seed: number;
  /** What the seed means, in words. */
  readonly kind: 'zero-shot' | 'labeled' | 'bootstrap' | 'bootstrap-shuffled';
  /** `Evaluate`'s score on the valset: mean × 100, rounded to 2 decimals. */
  readonly score: number;
  /** Per valset example, in order; `null` for rows that failed with an LM error (unscored). */
  readonly subscores: readonly (number | null)[];
  /** Demos per predictor name. */
  readonly demos: Readonly<Record<string, number>>;
  /** LM calls that reached a model while building and scoring this candidate. */
  readonly lmCalls: number;
  /** LM calls answered from the cache (the same prompt ran before, e.g. in another candidate). */
  readonly cacheHits: number;
  readonly tokens: LmUsage;
  readonly durationMs: number;
  /** USD spent on it, from core's price table (`setModelPrices`); 0 for local models. */
  readonly costUsd?: number;
  /** True when it was read back from a checkpoint instead of being run again. */
  readonly resumed: boolean;
}

/** What an optimizer run cost and found. */
export interface OptimizerReport {
  readonly optimizer: string;
  /** Scored candidates in the order they ran (empty for optimizers that score nothing). */
  readonly candidates: readonly CandidateReport[];
  /** Index into `candidates` of the returned program, when candidates were scored. */
  readonly bestIndex?: number;
  /** LM calls of this run that reached a model (cache hits and resumed candidates excluded). */
  readonly lmCalls: number;
  readonly cacheHits: number;
  readonly tokens: LmUsage;
  readonly durationMs: number;
  /** USD spent by the run, from core's price table (`setModelPrices`); 0 for local models. */
  readonly costUsd?: number;
  /** Bootstrapping counters, summed over every BootstrapFewShot pass of the run. */
  readonly bootstrap?: BootstrapStats;
  /** Every trial (instruction optimizers and random search), in order; resumed ones flagged. */
  readonly trials?: readonly TrialReport[];
  /** Best full-valset score (0–100) of the returned program, when the optimizer scored it. */
  readonly bestScore?: number;
}

/** One candidate an optimizer built and scored (any optimizer). Plain data: it `JSON.stringify`s without loss. */
export interface TrialReport {
  readonly optimizer: string;
  /** 0-based, in the order trials were started. */
  readonly index: number;
  /** What the trial was, in the optimizer's words: 'baseline', 'candidate', 'minibatch', 'full-eval', ... */
  readonly kind: string;
  /** Instructions per predictor name of the scored program. */
  readonly instructions: Readonly<Record<string, string>>;
  /** Demos per predictor name of the scored program. */
  readonly demos: Readonly<Record<string, number>>;
  /** The optimizer's choice that built it, e.g. `{ 'predict.instruction': 2, 'predict.demos': 1 }` or `{ depth: 1 }`. */
  readonly params?: Readonly<Record<string, number | string>>;
  /** Score on a minibatch (0–100), when the trial was scored on one. */
  readonly minibatchScore?: number;
  readonly minibatchSize?: number;
  /** Score on the whole valset (0–100), when the trial was scored on it. */
  readonly fullScore?: number;
  /** Best full-valset score of the run so far, including this trial. */
  readonly bestScore?: number;
  /** LM calls that reached a model while building and scoring the candidate. */
  readonly lmCalls: number;
  readonly cacheHits: number;
  readonly tokens: LmUsage;
  readonly durationMs: number;
  /** True when read back from a checkpoint instead of being run again. */
  readonly resumed: boolean;
}

export interface BootstrapStats {
  /** Teacher runs (examples × rounds tried). */
  readonly attempts: number;
  /** Train examples whose trace passed the metric. */
  readonly bootstrapped: number;
  /** Teacher runs that threw. */
  readonly errors: number;
  /** The first teacher error, as text (format failures of small models show up here). */
  readonly firstError?: string;
}

/** A candidate with its program, as DSPy's `candidate_programs` (sorted best first). */
export interface ScoredProgram<P extends AnyProgram> {
  readonly seed: number;
  readonly score: number;
  readonly subscores: readonly (number | null)[];
  readonly program: P;
}

/** What `compile()` returns: a compiled copy (the student is never changed) and the report. */
export interface CompileResult<P extends AnyProgram> {
  readonly program: P;
  readonly report: OptimizerReport;
  /** Every scored candidate, best first (random search only). */
  readonly candidates?: readonly ScoredProgram<P>[];
}

/**
 * The contract every optimizer implements (`@dspy-ts/optimizers` holds the implementations); bound
 * to the `OPTIMIZER` token.
 *
 * @example
 * const optimizer: Optimizer = new BootstrapFewShot({ metric: answerExactMatch });
 * const { program, report } = await optimizer.compile(qa, { trainset });
 * await program.save('qa.json');
 * console.log(report.lmCalls, report.tokens.totalTokens);
 */
export interface Optimizer {
  /** Class-like name, used in reports. */
  readonly name: string;
  /** The resolved configuration (DSPy's `get_params()`). */
  readonly config: object;
  compile<P extends AnyProgram>(student: P, options: CompileOptions): Promise<CompileResult<P>>;
}
