import { Example, type Metric, SeededRandom, type Settings } from '@dspy-ts/core';
import type { OptimizerRun } from '../shared/optimizer-run';
import type { AnyProgram, BootstrapStats } from '../optimizer';
import { runTeacher, type TeacherRun } from './teacher-run';

export interface CollectOptions {
  readonly metric?: Metric;
  readonly metricThreshold?: number;
  readonly teacherSettings?: Settings;
  readonly maxBootstrappedDemos: number;
  readonly maxRounds: number;
  readonly maxErrors: number;
  readonly concurrency: number;
  readonly signal?: AbortSignal;
  /** Checkpoints each example's outcome as a trial (`teacher/<index>`) and reports it. */
  readonly run?: OptimizerRun;
}

/** An example's outcome as checkpointed (errors as text). */
interface StoredOutcome {
  readonly success: boolean;
  readonly demos: Record<string, Record<string, unknown>>;
  readonly attempts: number;
  readonly errors: string[];
}

export interface Collected {
  /** Accepted demos per predictor name, in train order. */
  readonly traces: Map<string, Example[]>;
  /** Train examples that gave no demo (failed or never tried), shuffled with seed 0 as DSPy. */
  readonly unbootstrapped: Example<any>[];
  readonly stats: BootstrapStats & { readonly firstError?: string };
}

interface ExampleOutcome {
  readonly run?: TeacherRun;
  readonly attempts: number;
  readonly errors: unknown[];
}

/**
 * DSPy's `_bootstrap`, in parallel waves. DSPy walks the trainset in order until it has
 * `maxBootstrappedDemos` successes. Here each wave runs at most as many examples as successes are
 * still missing (and at most `concurrency`), then commits the outcomes in train order, so the
 * examples tried, the demos kept and the error count are exactly those of the sequential loop and
 * no teacher call is wasted on an example the sequential loop would never reach.
 */
export async function collectTraces(
  teacher: AnyProgram,
  trainset: readonly Example<any>[],
  names: readonly string[],
  o: CollectOptions,
): Promise<Collected> {
  const traces = new Map<string, Example[]>(names.map((n) => [n, []]));
  const done = new Set<number>();
  let next = 0;
  let attempts = 0;
  let errors = 0;
  let firstError: string | undefined;

  while (done.size < o.maxBootstrappedDemos && next < trainset.length) {
    o.signal?.throwIfAborted();
    const width = Math.min(o.concurrency, o.maxBootstrappedDemos - done.size, trainset.length - next);
    const indexes = Array.from({ length: width }, (_, i) => next + i);
    next += width;
    const outcomes = await Promise.all(indexes.map((i) => checkpointed(teacher, trainset, i, o)));
    outcomes.forEach((outcome, w) => {
      attempts += outcome.attempts;
      for (const error of outcome.errors) {
        errors++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (errors >= o.maxErrors) throw error; // DSPy re-raises the error that reaches max_errors
      }
      if (!outcome.run?.success) return;
      done.add(indexes[w]!);
      for (const [name, demo] of outcome.run.demos ?? []) traces.get(name)?.push(demo);
    });
  }

  const unbootstrapped = trainset.filter((_, i) => !done.has(i));
  new SeededRandom(0).shuffle(unbootstrapped);
  return {
    traces,
    unbootstrapped,
    stats: { attempts, bootstrapped: done.size, errors, ...(firstError ? { firstError } : {}) },
  };
}

/** `tryExample` through the run's checkpoint: a finished example is read back, not run again. */
async function checkpointed(
  teacher: AnyProgram,
  trainset: readonly Example<any>[],
  index: number,
  o: CollectOptions,
): Promise<ExampleOutcome> {
  if (!o.run) return tryExample(teacher, trainset[index]!, o);
  let fresh: ExampleOutcome | undefined;
  const { data } = await o.run.trial<StoredOutcome>(`teacher/${index}`, async () => {
    fresh = await tryExample(teacher, trainset[index]!, o);
    const demos: Record<string, Record<string, unknown>> = {};
    for (const [name, demo] of fresh.run?.demos ?? []) demos[name] = demo.toDict();
    return {
      kind: 'teacher-run',
      program: teacher,
      params: { example: index },
      data: {
        success: fresh.run?.success ?? false,
        demos,
        attempts: fresh.attempts,
        errors: fresh.errors.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))),
      },
    };
  });
  if (fresh) return fresh;
  const stored = data!;
  return {
    attempts: stored.attempts,
    errors: stored.errors.map((m) => new Error(m)),
    run: stored.success
      ? {
          success: true,
          demos: new Map(Object.entries(stored.demos).map(([name, d]) => [name, new Example(d)])),
        }
      : undefined,
  };
}

/** Rounds for one example, stopping at the first success (DSPy's inner loop). */
async function tryExample(teacher: AnyProgram, example: Example<any>, o: CollectOptions): Promise<ExampleOutcome> {
  const errors: unknown[] = [];
  for (let round = 0; round < o.maxRounds; round++) {
    const run = await runTeacher(teacher, example, round, o);
    if (run.error !== undefined) errors.push(run.error);
    if (run.success) return { run, attempts: round + 1, errors };
  }
  return { attempts: o.maxRounds, errors };
}
