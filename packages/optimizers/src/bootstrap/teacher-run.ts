import { createHash } from 'node:crypto';
import { Example, type Metric, SeededRandom, type Settings, type TraceEntry, withSettings } from '@dspy-ts/core';
import { canonicalJson } from '@dspy-ts/core/provider-kit';
import { callMetric, metricPasses } from '../internal/metric';
import { sameExample } from '../internal/same-example';
import { predictorNames } from '../internal/structure';
import type { AnyProgram } from '../optimizer';
import { RolloutLM } from './rollout-lm';

export interface TeacherRunOptions {
  readonly metric?: Metric;
  readonly metricThreshold?: number;
  readonly teacherSettings?: Settings;
  readonly signal?: AbortSignal;
}

/** One teacher run on one train example: passed the metric or not, the demos it yields, or what it threw. */
export interface TeacherRun {
  readonly success: boolean;
  /** Augmented demos per predictor name (one per predictor), when it passed. */
  readonly demos?: ReadonlyMap<string, Example>;
  readonly error?: unknown;
}

/**
 * Runs the teacher on `example` (DSPy's `_bootstrap_one_example`), on a private copy so that
 * concurrent runs never see each other's changes: the example is removed from the copy's demos
 * (so the teacher cannot read its own answer), rounds > 0 sample through a `RolloutLM`
 * (rollout id = round, temperature 1), and the trace is recorded in this run's own settings scope.
 */
export async function runTeacher(
  teacher: AnyProgram,
  example: Example<any>,
  round: number,
  options: TeacherRunOptions,
): Promise<TeacherRun> {
  const copy = teacher.deepCopy();
  const named = copy.namedPredictors();
  for (const [, p] of named) {
    p.demos = p.demos.filter((d) => !sameExample(d, example));
    if (round > 0) p.lm = new RolloutLM(p.lm, { rolloutId: round, temperature: 1 });
  }
  const trace: TraceEntry[] = [];
  try {
    const inputs = Object.fromEntries(example.inputs().items());
    const prediction = await withSettings({ ...options.teacherSettings, trace }, () =>
      copy.call(inputs as never, { signal: options.signal } as never),
    );
    if (options.metric) {
      const value = await callMetric(options.metric, example, prediction, trace);
      if (!metricPasses(value, options.metricThreshold)) return { success: false };
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { success: false, error };
  }
  return { success: true, demos: demosFromTrace(trace, predictorNames(copy)) };
}

/** Trace steps → one augmented demo per predictor (`{ augmented: true, ...inputs, ...outputs }`). */
function demosFromTrace(trace: readonly TraceEntry[], names: ReadonlyMap<object, string>): Map<string, Example> {
  const byName = new Map<string, Example[]>();
  for (const step of trace) {
    const name = names.get(step.predictor);
    if (name === undefined) continue; // a predictor outside the walk (e.g. inside a compiled sub-program)
    const outputs = step.outputs as { toDict?: () => Record<string, unknown> };
    const demo = new Example<Record<string, unknown>>({
      augmented: true,
      ...step.inputs,
      ...(outputs.toDict ? outputs.toDict() : step.outputs),
    });
    byName.set(name, [...(byName.get(name) ?? []), demo]);
  }
  const out = new Map<string, Example>();
  for (const [name, demos] of byName) out.set(name, pickOne(demos));
  return out;
}

/**
 * A predictor that ran several times in one trace keeps one demo: as DSPy, 50% the last one, else a
 * random earlier one, seeded by a hash of the demos so the choice is reproducible.
 */
function pickOne(demos: Example[]): Example {
  if (demos.length === 1) return demos[0]!;
  const digest = createHash('sha256')
    .update(canonicalJson(demos.map((d) => d.toDict())))
    .digest();
  const rng = new SeededRandom(digest.readUIntBE(0, 6));
  return rng.random() < 0.5 ? rng.choice(demos.slice(0, -1)) : demos[demos.length - 1]!;
}
