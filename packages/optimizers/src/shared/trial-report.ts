/**
 * TrialReport: one scored candidate of any optimizer (COPRO, MIPROv2, GEPA, SIMBA, random search...).
 *
 * API: `TrialReport` (plain JSON: `JSON.stringify` keeps every field) and `instructionsOf(program)`,
 * `demoCountsOf(program)` to fill it. Scores are on `Evaluate`'s 0–100 scale.
 */
import { demoCounts } from '../internal/structure';
import type { AnyProgram } from '../optimizer';

/** The trial shape lives in core beside the optimizer contract (`OptimizerReport.trials`). */
export type { TrialReport } from '@dspy-ts/core';

/** A 0–1 score on `Evaluate`'s 0–100 scale, rounded to 2 decimals (as trial reports show it). */
export const percentOf = (fraction: number): number => Math.round(fraction * 10000) / 100;

/**
 * Instructions per predictor name.
 *
 * @example
 * instructionsOf(compiled); // { step1: 'Given the fields `question`, ...', step2: '...' }
 */
export function instructionsOf(program: AnyProgram): Record<string, string> {
  return Object.fromEntries(program.namedPredictors().map(([name, p]) => [name, p.signature.instructions]));
}

/**
 * Demo count per predictor name.
 *
 * @example
 * demoCountsOf(compiled); // { step1: 4, step2: 4 }
 */
export function demoCountsOf(program: AnyProgram): Record<string, number> {
  return demoCounts(program);
}
