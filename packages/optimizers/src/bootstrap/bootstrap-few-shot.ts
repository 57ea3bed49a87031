import { ObserveCompile } from '@dspy-ts/core/provider-kit';
import { DspyError, type Example, type Metric, SeededRandom, type Settings } from '@dspy-ts/core';
import { attachLabeledDemos } from '../labeled-few-shot';
import { clearedCopy } from '../internal/copies';
import { measure } from '../internal/measure';
import { buildReport } from '../internal/report';
import { assertSameStructure } from '../internal/structure';
import type { AnyProgram, BootstrapStats, CompileOptions, CompileResult, Optimizer } from '../optimizer';
import { OptimizerRun, type RunOptions } from '../shared/optimizer-run';
import { runFingerprint } from '../shared/run-store';
import type { TrialReport } from '../shared/trial-report';
import { collectTraces } from './collect-traces';

export interface BootstrapFewShotOptions extends RunOptions {
  /** Accepts a teacher trace: `metric(example, prediction, trace)`. None: every trace that runs is kept. */
  readonly metric?: Metric;
  /** With a numeric metric, keep traces scoring `>= metricThreshold`. */
  readonly metricThreshold?: number;
  /** Settings for teacher runs (e.g. `{ lm: strongerLm }`), applied with `withSettings`. */
  readonly teacherSettings?: Settings;
  /** Bootstrapped (teacher-generated) demos per predictor. Default 4. */
  readonly maxBootstrappedDemos?: number;
  /** Labeled demos per predictor: the teacher's demos, and the student's top-up. Default 16. */
  readonly maxLabeledDemos?: number;
  /** Attempts per train example; rounds after the first use a new rollout id at temperature 1. Default 1. */
  readonly maxRounds?: number;
  /** Teacher runs that may throw before compile rethrows the last error. Default 10. */
  readonly maxErrors?: number;
  /** Teacher runs in flight at once (never more than the demos still needed). Default 8. */
  readonly concurrency?: number;
}

type BootstrapSettings = Omit<BootstrapFewShotOptions, keyof RunOptions>;

export type ResolvedBootstrapConfig = Required<
  Omit<BootstrapSettings, 'metric' | 'metricThreshold' | 'teacherSettings'>
> &
  Pick<BootstrapSettings, 'metric' | 'metricThreshold' | 'teacherSettings'> &
  RunOptions;

/** The bootstrap settings without checkpoint/progress/events: for a BootstrapFewShot run inside another optimizer. */
export function nestedBootstrap(options: BootstrapFewShotOptions): BootstrapSettings & RunOptions {
  const { checkpoint: _c, onTrial: _t, onEvent: _e, evaluator: _v, progressStream: _s, ...rest } = options;
  return { ...rest, progress: false };
}

/**
 * DSPy's `BootstrapFewShot`: runs a teacher (by default the student with labeled demos) over the
 * trainset in order, keeps the traces that pass the metric as demos (up to `maxBootstrappedDemos`),
 * and tops each student predictor up with labeled examples that were not bootstrapped.
 * Teacher runs go in parallel without running more examples than sequential DSPy would.
 *
 * @example
 * const optimizer = new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 4, maxLabeledDemos: 4 });
 * const { program, report } = await optimizer.compile(new ChainOfThought('question -> answer'), { trainset });
 * report.bootstrap; // { attempts, bootstrapped, errors }
 */
export class BootstrapFewShot implements Optimizer {
  readonly name = 'BootstrapFewShot';
  readonly config: ResolvedBootstrapConfig;

  constructor(options: BootstrapFewShotOptions = {}) {
    this.config = {
      ...options,
      maxBootstrappedDemos: count(options.maxBootstrappedDemos ?? 4, 'maxBootstrappedDemos', 0),
      maxLabeledDemos: count(options.maxLabeledDemos ?? 16, 'maxLabeledDemos', 0),
      maxRounds: count(options.maxRounds ?? 1, 'maxRounds', 1),
      maxErrors: count(options.maxErrors ?? 10, 'maxErrors', 1),
      concurrency: count(options.concurrency ?? 8, 'concurrency', 1),
    };
  }

  @ObserveCompile()
  async compile<P extends AnyProgram>(student: P, options: CompileOptions): Promise<CompileResult<P>> {
    const { result, cost } = await measure(() => this.run(student, options));
    return {
      program: result.program,
      report: buildReport(this.name, cost, { bootstrap: result.stats, trials: result.trials }),
    };
  }

  private async run<P extends AnyProgram>(
    student: P,
    options: CompileOptions,
  ): Promise<{ program: P; stats: BootstrapStats; trials: readonly TrialReport[] }> {
    const { trainset, signal } = options;
    const cfg = this.config;
    if (student.compiled) {
      throw new DspyError(
        'CONFIG_INVALID',
        `${this.name} needs an uncompiled student, but ${student.constructor.name} has compiled = true. Pass the original program (compile returns a copy and never changes it).`,
      );
    }
    const program = clearedCopy(student);
    let teacher = (options.teacher ?? student).deepCopy();
    if (cfg.maxLabeledDemos > 0 && !teacher.compiled) {
      teacher = clearedCopy(teacher);
      attachLabeledDemos(teacher, trainset, cfg.maxLabeledDemos);
    }
    const names = assertSameStructure(program, teacher);
    const run = await OptimizerRun.open({
      optimizer: this.name,
      options: cfg,
      fingerprint: () => runFingerprint(this.name, cfg, student, { trainset, teacher: options.teacher }),
      totalTrials: Math.min(trainset.length, cfg.maxBootstrappedDemos),
      signal,
    });
    let collected: Awaited<ReturnType<typeof collectTraces>>;
    try {
      collected = await collectTraces(teacher, trainset, names, { ...cfg, signal, run });
    } catch (error) {
      run.fail(error);
      throw error;
    }
    run.finish();
    trainStudent(program, collected.traces, collected.unbootstrapped, cfg);
    program.compiled = true;
    return { program, stats: collected.stats, trials: run.trials };
  }
}

/**
 * DSPy 3.4.1's `_train`: bootstrapped demos first, then a sample (one seeded generator for all
 * predictors) of the unbootstrapped examples. Each predictor samples from all of them; DSPy ≤ 3.3
 * sampled each predictor from the previous predictor's sample.
 */
function trainStudent(
  program: AnyProgram,
  traces: ReadonlyMap<string, readonly Example[]>,
  unbootstrapped: readonly Example<any>[],
  cfg: ResolvedBootstrapConfig,
): void {
  const rng = new SeededRandom(0);
  const raw: Example<any>[] = [...unbootstrapped];
  for (const [name, predictor] of program.namedPredictors()) {
    const augmented = (traces.get(name) ?? []).slice(0, cfg.maxBootstrappedDemos);
    const size = Math.max(0, Math.min(cfg.maxLabeledDemos - augmented.length, raw.length));
    predictor.demos = [...augmented, ...rng.sample(raw, size)];
  }
}

function count(value: number, name: string, min: number): number {
  if (!(Number.isInteger(value) || value === Infinity) || value < min) {
    throw new DspyError(
      'CONFIG_INVALID',
      `BootstrapFewShot needs ${name} to be a whole number >= ${min}; got ${value}.`,
    );
  }
  return value;
}
