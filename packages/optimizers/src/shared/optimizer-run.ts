/**
 * OptimizerRun: the glue every optimizer uses for one `compile()`: checkpoint store, evaluator,
 * progress bar, events and trial reports.
 *
 * API:
 *   const run = await OptimizerRun.open({ optimizer, options, fingerprint, totalTrials?, signal? });
 *   await run.step(key, fn)                 // memoized non-trial step (proposals, demo sets...)
 *   const { report, data } = await run.trial(key, async () => ({ kind, program, minibatch?, full?, params?, data? }))
 *   await run.score(program, examples)      // through options.evaluator (default LocalEvaluator)
 *   run.phase('propose'); run.setTotal(n); run.finish(bestScore); run.trials
 * `trial` measures LM calls/tokens/time of its body, checkpoints the report (and `data`) under
 * `key`, emits `onTrial`/`onEvent`, advances the bar; on resume it returns the stored report
 * (`resumed: true`) without running the body.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DspyError, type Example, type LmUsage, type Metric } from '@dspy-ts/core';
import { addUsage, emitTrial, ZERO_USAGE } from '@dspy-ts/core/provider-kit';
import { measure, withRemoteCost } from '../internal/measure';
import type { AnyProgram } from '../optimizer';
import type { CandidateEvaluator, CandidateScore } from './evaluator';
import { resolveEvaluator } from './evaluator';
import { type OptimizerEvent, type RunHooks, TrialProgress } from './events';
import { RunStore } from './run-store';
import { demoCountsOf, instructionsOf, type TrialReport } from './trial-report';

/**
 * Options shared by every optimizer: checkpointing, evaluation, progress and events.
 *
 * @example
 * { checkpoint: 'runs/mipro.json', progress: false, onTrial: (t) => console.log(t.index, t.fullScore) }
 */
export interface RunOptions extends RunHooks {
  /** JSON file of finished steps and trials; a rerun with the same file resumes (see README "Checkpoint and resume"). */
  readonly checkpoint?: string;
  /** Scores every candidate. Default: `LocalEvaluator` (core's `Evaluate`, parallel up to the LM's concurrency). */
  readonly evaluator?: CandidateEvaluator;
}

/** What a trial body returns. */
export interface TrialOutcome<D> {
  readonly kind: string;
  /** The scored program (its instructions and demo counts go into the report). */
  readonly program: AnyProgram;
  readonly params?: Readonly<Record<string, number | string>>;
  readonly minibatch?: { readonly score: number; readonly size: number };
  readonly full?: number;
  /** Extra JSON kept with the trial in the checkpoint (e.g. the program state, subscores). */
  readonly data?: D;
}

/** LM calls that remote evaluators reported during the current trial (they are invisible to `measure`). */
const remoteCost = new AsyncLocalStorage<{ lmCalls: number; cacheHits: number; tokens: LmUsage }>();

interface StoredTrial<D> {
  readonly report: Omit<TrialReport, 'resumed'>;
  readonly data?: D;
}

/**
 * One optimization run: checkpointed steps and trials (a rerun with the same `checkpoint` reads
 * finished ones back), candidate scoring through the evaluator, progress, events and trial reports.
 *
 * @example
 * const run = await OptimizerRun.open({ optimizer: 'MyOptimizer', options, metric, fingerprint: () => fingerprintOf(options) });
 * const { report } = await run.trial('trial-0', async () => {
 *   const { score } = await run.score(candidate, valset);
 *   return { kind: 'full', program: candidate, full: score };
 * });
 * run.finish(report.fullScore);
 */
export class OptimizerRun {
  readonly trials: TrialReport[] = [];
  /** LM calls, cache hits and tokens the evaluator reported in `cost` over the whole run (remote workers'). */
  readonly remoteTotal: { lmCalls: number; cacheHits: number; tokens: LmUsage } = {
    lmCalls: 0,
    cacheHits: 0,
    tokens: ZERO_USAGE,
  };
  private bestScore?: number;
  private readonly started = performance.now();
  private readonly progress: TrialProgress;
  private nextIndex = 0;

  private constructor(
    readonly optimizer: string,
    readonly store: RunStore,
    readonly evaluator: CandidateEvaluator,
    private readonly hooks: RunOptions,
    private readonly metric: Metric | undefined,
    private totalTrials: number | undefined,
    readonly signal: AbortSignal | undefined,
  ) {
    this.progress = new TrialProgress(optimizer, totalTrials, hooks);
  }

  static async open(args: {
    optimizer: string;
    options: RunOptions;
    /** Scores candidates in `score()`; optimizers that score nothing (BootstrapFewShot) may leave it out. */
    metric?: Metric;
    /** What a checkpoint must match; only computed when `options.checkpoint` is set. */
    fingerprint: string | (() => string);
    totalTrials?: number;
    signal?: AbortSignal;
    evaluatorDefaults?: { maxErrors?: number; failureScore?: number; concurrency?: number };
  }): Promise<OptimizerRun> {
    const store = await RunStore.open({
      path: args.options.checkpoint,
      optimizer: args.optimizer,
      fingerprint: args.options.checkpoint
        ? typeof args.fingerprint === 'function'
          ? args.fingerprint()
          : args.fingerprint
        : '',
    });
    const evaluator = resolveEvaluator(args.options.evaluator, args.evaluatorDefaults);
    const run = new OptimizerRun(
      args.optimizer,
      store,
      evaluator,
      args.options,
      args.metric,
      args.totalTrials,
      args.signal,
    );
    run.emit({ type: 'start', optimizer: args.optimizer, totalTrials: args.totalTrials });
    return run;
  }

  /** Best full score reported so far. */
  get best(): number | undefined {
    return this.bestScore;
  }

  setTotal(total: number): void {
    this.totalTrials = total;
    this.progress.setTotal(total);
  }

  phase(phase: string, detail?: string): void {
    this.emit({ type: 'phase', optimizer: this.optimizer, phase, ...(detail ? { detail } : {}) });
  }

  /** A memoized step that is not a trial (its cost is part of the run's, not of a trial's). */
  step<T>(key: string, fn: () => Promise<T>): Promise<T> {
    this.signal?.throwIfAborted();
    return this.store.step(key, fn);
  }

  /** Scores `program` on `examples` through the run's evaluator. */
  score(program: AnyProgram, examples: readonly Example<any>[]): Promise<CandidateScore> {
    this.signal?.throwIfAborted();
    if (!this.metric)
      throw new DspyError(
        'CONFIG_INVALID',
        `${this.optimizer} has no metric, so it cannot score candidates. Pass { metric }.`,
      );
    return this.evaluator.evaluate(program, examples, { metric: this.metric, signal: this.signal }).then((result) => {
      if (result.cost) {
        for (const acc of [remoteCost.getStore(), this.remoteTotal]) {
          if (!acc) continue;
          acc.lmCalls += result.cost.lmCalls ?? 0;
          acc.cacheHits += result.cost.cacheHits ?? 0;
          if (result.cost.tokens) acc.tokens = addUsage(acc.tokens, result.cost.tokens);
        }
      }
      return result;
    });
  }

  /** Runs (or reads back) one trial, reports it and returns the report and its data. */
  async trial<D = undefined>(
    key: string,
    body: () => Promise<TrialOutcome<D>>,
  ): Promise<{ report: TrialReport; data: D | undefined }> {
    this.signal?.throwIfAborted();
    const index = this.nextIndex++;
    const saved = this.store.get<StoredTrial<D>>(key);
    let report: TrialReport;
    let data: D | undefined;
    if (saved) {
      report = { ...saved.report, resumed: true };
      data = saved.data;
      if (report.fullScore !== undefined) this.bestScore = Math.max(this.bestScore ?? -Infinity, report.fullScore);
    } else {
      const remote = { lmCalls: 0, cacheHits: 0, tokens: ZERO_USAGE };
      const { result, cost } = await remoteCost.run(remote, () => measure(body));
      if (result.full !== undefined) this.bestScore = Math.max(this.bestScore ?? -Infinity, result.full);
      const total = withRemoteCost(cost, remote);
      const stored: StoredTrial<D> = {
        report: {
          optimizer: this.optimizer,
          index,
          kind: result.kind,
          instructions: instructionsOf(result.program),
          demos: demoCountsOf(result.program),
          ...(result.params ? { params: result.params } : {}),
          ...(result.minibatch ? { minibatchScore: result.minibatch.score, minibatchSize: result.minibatch.size } : {}),
          ...(result.full !== undefined ? { fullScore: result.full } : {}),
          ...(this.bestScore !== undefined ? { bestScore: this.bestScore } : {}),
          lmCalls: total.lmCalls,
          cacheHits: total.cacheHits,
          tokens: total.tokens,
          durationMs: Math.round(total.durationMs * 1000) / 1000,
        },
        ...(result.data !== undefined ? { data: result.data } : {}),
      };
      const copy = await this.store.put(key, stored);
      report = { ...copy.report, resumed: false };
      data = copy.data;
    }
    this.trials.push(report);
    this.hooks.onTrial?.(report);
    // Core's callbacks (`onTrial`) and the CLI's progress see every optimizer's trials the same way.
    const score = report.fullScore ?? report.minibatchScore;
    if (score !== undefined)
      emitTrial({
        optimizer: this.optimizer,
        trial: report.index,
        score,
        bestScore: this.bestScore ?? score,
        lmCalls: report.lmCalls,
        details: {
          kind: report.kind,
          resumed: report.resumed,
          scoredOn: report.fullScore !== undefined ? 'full' : 'minibatch',
          ...(report.params ? { params: report.params } : {}),
        },
      });
    this.progress.update(this.trials.length, this.bestScore);
    this.emit({
      type: 'trial',
      optimizer: this.optimizer,
      trial: report,
      completed: this.trials.length,
      totalTrials: this.totalTrials,
    });
    return { report, data };
  }

  /** Stops the bar and emits `end`. */
  finish(bestScore?: number): void {
    this.progress.stop();
    this.emit({
      type: 'end',
      optimizer: this.optimizer,
      bestScore: bestScore ?? this.bestScore,
      trials: this.trials.length,
      durationMs: performance.now() - this.started,
    });
  }

  /** Stops the bar and emits `error` (the caller rethrows). */
  fail(error: unknown): void {
    this.progress.stop();
    this.emit({ type: 'error', optimizer: this.optimizer, error });
  }

  private emit(event: OptimizerEvent): void {
    this.hooks.onEvent?.(event);
  }
}

/**
 * Throws the shared "nothing to optimize" errors, naming the optimizer and the fix.
 *
 * @example
 * checkCompileInput('MyOptimizer', student, options.trainset); // throws CONFIG_INVALID for an empty trainset or a program without predictors
 */
export function checkCompileInput(optimizer: string, program: AnyProgram, trainset: readonly unknown[]): void {
  if (!Array.isArray(trainset) || trainset.length === 0) {
    throw new DspyError(
      'CONFIG_INVALID',
      `${optimizer} needs a non-empty trainset: got 0 examples. Pass labeled examples with \`.withInputs(...)\`.`,
    );
  }
  if (program.namedPredictors().length === 0) {
    throw new DspyError(
      'CONFIG_INVALID',
      `${optimizer} found no predictors in ${program.constructor.name}: declare Predict/ChainOfThought members (or @Module children) so it has instructions to optimize.`,
    );
  }
}
