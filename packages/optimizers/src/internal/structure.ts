import { DspyError } from '@dspy-ts/core';
import { type PredictorLike } from '@dspy-ts/core/provider-kit';
import type { AnyProgram } from '../optimizer';

/**
 * Checks that student and teacher have the same predictors (names, order, signatures) and are
 * distinct objects, as DSPy asserts before bootstrapping; returns the predictor names in order.
 */
export function assertSameStructure(student: AnyProgram, teacher: AnyProgram): string[] {
  const s = student.namedPredictors();
  const t = teacher.namedPredictors();
  if (s.length !== t.length) {
    throw new DspyError(
      'CONFIG_INVALID',
      `Student and teacher must have the same number of predictors: the student has ${s.length} (${names(s)}), the teacher ${t.length} (${names(t)}). ` +
        'Pass a teacher built from the same program class, or leave `teacher` out to use a copy of the student.',
    );
  }
  s.forEach(([name, p], i) => {
    const [tName, tp] = t[i]!;
    if (name !== tName) {
      throw new DspyError(
        'CONFIG_INVALID',
        `Student and teacher must have the same program structure: predictor #${i} is \`${name}\` in the student but \`${tName}\` in the teacher.`,
      );
    }
    if (!p.signature.equals(tp.signature)) {
      throw new DspyError(
        'CONFIG_INVALID',
        `Student and teacher must have the same signatures: \`${name}\` is ${p.signature.name} in the student but ${tp.signature.name} in the teacher (instructions or fields differ).`,
      );
    }
    if (p === tp)
      throw new DspyError(
        'CONFIG_INVALID',
        `Student and teacher must be different objects, but they share the predictor \`${name}\`.`,
      );
  });
  return s.map(([name]) => name);
}

/** Predictor → name, for mapping trace entries back to the student's predictors. */
export function predictorNames(program: AnyProgram): Map<object, string> {
  return new Map(program.namedPredictors().map(([name, p]) => [p as object, name]));
}

/** Demos per predictor name (for reports). */
export function demoCounts(program: AnyProgram): Record<string, number> {
  return Object.fromEntries(program.namedPredictors().map(([name, p]) => [name, p.demos.length]));
}

function names(list: [string, PredictorLike][]): string {
  return list.map(([n]) => n).join(', ') || 'none';
}
