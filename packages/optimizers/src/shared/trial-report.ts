/**
 * TrialReport: one scored candidate of any optimizer (COPRO, MIPROv2, GEPA, SIMBA, random search...).
 *
 * API: `TrialReport` (plain JSON: `JSON.stringify` keeps every field) and `instructionsOf(program)`,
 * `demoCountsOf(program)` to fill it. Scores are on `Evaluate`'s 0–100 scale.
 */
import type { LmUsage } from '@dspy-ts/core';
import type { AnyProgram } from '../optimizer';

/** One candidate an optimizer built and scored. Plain data: it `JSON.stringify`s without loss. */
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

/** Instructions per predictor name. */
export function instructionsOf(program: AnyProgram): Record<string, string> {
  return Object.fromEntries(program.namedPredictors().map(([name, p]) => [name, p.signature.instructions]));
}

/** Demo count per predictor name. */
export function demoCountsOf(program: AnyProgram): Record<string, number> {
  return Object.fromEntries(program.namedPredictors().map(([name, p]) => [name, p.demos.length]));
}
