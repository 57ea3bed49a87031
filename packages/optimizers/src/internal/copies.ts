import type { AnyProgram } from '../optimizer';

/**
 * A deep copy with every predictor's demos cleared: where optimizers start from.
 * Unlike DSPy's `reset_copy()`, predictor LMs (`predictor.lm`, `setLm()`) are kept: a program
 * configured per predictor would otherwise lose its model, and a teacher its stronger LM.
 */
export function clearedCopy<P extends AnyProgram>(program: P): P {
  const copy = program.deepCopy();
  for (const p of copy.predictors()) p.demos = [];
  return copy;
}
