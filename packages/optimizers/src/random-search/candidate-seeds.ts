import { type Example, SeededRandom } from '@dspy-ts/core';
import { BootstrapFewShot, type ResolvedBootstrapConfig } from '../bootstrap/bootstrap-few-shot';
import { clearedCopy } from '../internal/copies';
import { attachLabeledDemos } from '../labeled-few-shot';
import type { AnyProgram, BootstrapStats, CandidateReport } from '../optimizer';

export interface CandidatePlan {
  readonly seed: number;
  readonly kind: CandidateReport['kind'];
}

/**
 * DSPy's candidate scheme: -3 zero-shot, -2 labeled demos only, -1 BootstrapFewShot on the
 * trainset as given, then one shuffled bootstrap per seed 0..n-1.
 */
export function candidatePlans(numCandidates: number): CandidatePlan[] {
  const plans: CandidatePlan[] = [];
  for (let seed = -3; seed < numCandidates; seed++) {
    plans.push({
      seed,
      kind: seed === -3 ? 'zero-shot' : seed === -2 ? 'labeled' : seed === -1 ? 'bootstrap' : 'bootstrap-shuffled',
    });
  }
  return plans;
}

export interface BuildContext {
  readonly trainset: readonly Example<any>[];
  readonly teacher?: AnyProgram;
  readonly labeledSample: boolean;
  readonly bootstrap: ResolvedBootstrapConfig;
  readonly signal?: AbortSignal;
}

/**
 * Builds the candidate for `seed`. Shuffled seeds shuffle a copy of the trainset with
 * `Random(seed)` and bootstrap between 1 and `maxBootstrappedDemos` demos, the size drawn from a
 * second `Random(seed)`, exactly as DSPy (so the same seed gives the same candidate).
 */
export async function buildCandidate<P extends AnyProgram>(
  student: P,
  seed: number,
  ctx: BuildContext,
): Promise<{ program: P; stats?: BootstrapStats }> {
  const { bootstrap } = ctx;
  if (seed === -3) return { program: clearedCopy(student) };
  if (seed === -2) {
    const program = clearedCopy(student);
    attachLabeledDemos(program, ctx.trainset, bootstrap.maxLabeledDemos, ctx.labeledSample);
    return { program };
  }
  let trainset = [...ctx.trainset];
  let size = bootstrap.maxBootstrappedDemos;
  if (seed >= 0) {
    trainset = new SeededRandom(seed).shuffle(trainset);
    size = new SeededRandom(seed).randint(Math.min(1, size), size);
  }
  const optimizer = new BootstrapFewShot({ ...bootstrap, maxBootstrappedDemos: size });
  const { program, report } = await optimizer.compile(student, { trainset, teacher: ctx.teacher, signal: ctx.signal });
  return { program, stats: report.bootstrap };
}
