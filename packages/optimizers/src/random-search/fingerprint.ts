import type { Example } from '@dspy-ts/core';
import type { AnyProgram, CompileOptions } from '../optimizer';
import { fingerprintOf } from './checkpoint';
import type { RandomSearchOptions } from './random-search';

const structure = (p: AnyProgram | undefined) =>
  p?.namedPredictors().map(([name, pred]) => [name, pred.signature.dumpState(), pred.demos.length]) ?? null;
const rows = (set: readonly Example<any>[]) => set.map((e) => [e.toDict(), e.inputKeys ?? null]);

/**
 * What a checkpoint must match to be resumed: the settings that shape candidates, the data and
 * the program structure. Callbacks, LMs and the checkpoint path itself are left out.
 */
export function runFingerprint(
  name: string,
  cfg: RandomSearchOptions,
  student: AnyProgram,
  options: CompileOptions,
  valset: readonly Example<any>[],
): string {
  // Left out: what does not change which candidates are built (limits, callbacks, display).
  const {
    metric,
    teacherSettings: _t,
    onCandidate: _o,
    checkpoint: _c,
    progress: _p,
    concurrency: _n,
    stopAtScore: _s,
    restrict: _r,
    maxErrors: _m,
    ...settings
  } = cfg;
  const metricName = typeof metric === 'function' ? metric.name : metric.constructor.name;
  return fingerprintOf({
    name,
    settings,
    metric: metricName,
    trainset: rows(options.trainset),
    valset: rows(valset),
    student: structure(student),
    teacher: structure(options.teacher),
  });
}
