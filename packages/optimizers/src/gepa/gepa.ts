import { ObserveCompile } from '@dspy-ts/core/provider-kit';
import { DspyError } from '@dspy-ts/core';
import { measure } from '../internal/measure';
import { buildReport } from '../internal/report';
import { scoreOf } from '../internal/rollouts';
import type { AnyProgram, CompileOptions, CompileResult, Optimizer, OptimizerReport } from '../optimizer';
import { lmConcurrency } from '../shared/evaluator';
import { checkCompileInput, OptimizerRun } from '../shared/optimizer-run';
import { runFingerprint } from '../shared/run-store';
import { percentOf, type TrialReport } from '../shared/trial-report';
import { type GepaOptions, metricCallBudget, type ResolvedGepaConfig, resolveGepaOptions } from './gepa-options';
import { GepaRun } from './gepa-run';
import type { Candidate } from './state';
import type { GepaTrial } from './trial';

/** GEPA's findings (DSPy's `DspyGEPAResult`), in the report. */
export interface GepaDetails {
  /** Every candidate in the pool: instruction per predictor. */
  readonly candidates: readonly Candidate[];
  /** Parents per candidate (`[null]` for the seed). */
  readonly parents: readonly (readonly (number | null)[])[];
  /** Mean valset score (0–1) per candidate. */
  readonly valAggregateScores: readonly number[];
  /** Per candidate, its score on each valset example. */
  readonly valSubscores: readonly (readonly number[])[];
  /** Per valset example, the candidates reaching its best score (the Pareto front). */
  readonly paretoFront: readonly (readonly number[])[];
  /** Metric calls spent when each candidate was found. */
  readonly discoveryEvalCounts: readonly number[];
  readonly totalMetricCalls: number;
  readonly numFullValEvals: number;
  /** Valset/merge evaluations whose metric threw or returned NaN (scored `failureScore`; minibatch ones are in each trial's `failures`). */
  readonly valsetMetricFailures: number;
  /** Minibatch rollouts run ahead after skipped iterations and then discarded (extra LM calls, never metric calls). */
  readonly speculativeEvals: number;
  /** Iterations whose minibatch had already been run ahead (together with an earlier one). */
  readonly ranAhead: number;
  /** The metric-call budget the run had. */
  readonly budget: number;
  readonly bestIndex: number;
  /** Every iteration, resumed ones included. */
  readonly trials: readonly GepaTrial[];
}

export interface GepaReport extends OptimizerReport {
  /** Every trial in the shared shape (scores 0–100), as `onTrial` saw them. */
  readonly trials: readonly TrialReport[];
  readonly gepa: GepaDetails;
}

/**
 * DSPy's `GEPA` (reflective prompt evolution, Agrawal et al. 2025) as DSPy 3.4.1 runs it through
 * the `gepa` package: starting from the program's own instructions, each iteration picks a parent
 * from the per-example Pareto front, runs it on a small train minibatch capturing traces, shows a
 * reflection model the inputs, outputs and metric feedback of one predictor, and keeps the
 * rewritten instruction if it does better on that minibatch (then scores it on the valset).
 * Candidates that improved different predictors are merged. The budget is in metric calls.
 *
 * @example
 * const gepa = new GEPA({
 *   metric: (gold, pred) => (gold.answer === pred.answer ? 1 : { score: 0, feedback: `The answer is ${gold.answer}.` }),
 *   reflectionLm: strongLm,
 *   auto: 'light',
 * });
 * const { program, report } = await gepa.compile(qa, { trainset, valset });
 * report.gepa.valAggregateScores; // mean valset score per candidate
 */
export class GEPA implements Optimizer {
  readonly name = 'GEPA';
  readonly config: ResolvedGepaConfig;

  constructor(options: GepaOptions) {
    this.config = resolveGepaOptions(options);
  }

  @ObserveCompile()
  async compile<P extends AnyProgram>(
    student: P,
    options: CompileOptions,
  ): Promise<CompileResult<P> & { report: GepaReport }> {
    const { trainset, signal } = options;
    checkCompileInput(this.name, student, trainset);
    if (options.teacher)
      throw new DspyError('NOT_SUPPORTED', 'GEPA: a teacher is not supported (as in DSPy). Leave `teacher` out.');
    const names = student.namedPredictors().map(([n]) => n);
    const valset = options.valset?.length ? options.valset : trainset;
    const budget = metricCallBudget(this.config, names.length, trainset.length, options.valset?.length || undefined);
    const cfg = { ...this.config, concurrency: this.config.concurrency || (lmConcurrency(student) ?? 8) };
    // Valset and merge scores go through the shared evaluator, which sees only the score.
    // Failures there score failureScore (Evaluate) and are counted here.
    let valsetMetricFailures = 0;
    const scoreMetric = async (example: any, prediction: any) => {
      try {
        const score = scoreOf(await cfg.metric(example, prediction));
        if (Number.isNaN(score)) valsetMetricFailures++;
        return score;
      } catch (error) {
        valsetMetricFailures++;
        throw error;
      }
    };
    Object.defineProperty(scoreMetric, 'name', { value: cfg.metric.name });
    const runner = await OptimizerRun.open({
      optimizer: this.name,
      options: cfg,
      metric: scoreMetric,
      fingerprint: runFingerprint(
        this.name,
        { ...cfg, budget },
        student,
        { trainset, valset },
        { reflectionLm: cfg.reflectionLm.model },
      ),
      signal,
      evaluatorDefaults: {
        concurrency: cfg.concurrency,
        failureScore: cfg.failureScore,
        maxErrors: Number.MAX_SAFE_INTEGER,
      },
    });
    try {
      const { result: run, cost } = await measure(async () => {
        const r = new GepaRun(student, trainset, valset, cfg, budget, runner, signal);
        await r.execute();
        return r;
      });
      const d = run.state.data;
      const bestIndex = run.state.bestIndex();
      const program = run.build(d.candidates[bestIndex]!) as P;
      program.compiled = true;
      const gepa: GepaDetails = {
        candidates: d.candidates,
        parents: d.parents,
        valAggregateScores: run.state.averages(),
        valSubscores: d.valSubscores,
        paretoFront: d.frontPrograms,
        discoveryEvalCounts: d.discoveryEvals,
        totalMetricCalls: d.totalEvals,
        numFullValEvals: d.fullEvals,
        valsetMetricFailures,
        speculativeEvals: run.speculativeEvals,
        ranAhead: run.ranAhead,
        budget,
        bestIndex,
        trials: run.trials,
      };
      runner.finish(percentOf(run.state.averages()[bestIndex]!));
      return { program, report: { ...buildReport(this.name, cost, { bestIndex }), trials: runner.trials, gepa } };
    } catch (error) {
      runner.fail(error);
      throw error;
    }
  }
}
