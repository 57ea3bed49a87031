import { ObserveCompile } from '@dspy-ts/core/provider-kit';
import { DspyError, type Example, type Metric } from '@dspy-ts/core';
import { BootstrapFewShot, type BootstrapFewShotOptions, nestedBootstrap } from '../bootstrap/bootstrap-few-shot';
import { clearedCopy } from '../internal/copies';
import { measure, type RunCost, withRemoteCost } from '../internal/measure';
import { addStats, buildReport } from '../internal/report';
import { demoCounts } from '../internal/structure';
import type {
  AnyProgram,
  BootstrapStats,
  CandidateReport,
  CompileOptions,
  CompileResult,
  Optimizer,
  ScoredProgram,
} from '../optimizer';
import { buildCandidate, candidatePlans } from './candidate-seeds';
import { OptimizerRun, type RunOptions } from '../shared/optimizer-run';
import { runFingerprint } from '../shared/run-store';

export interface RandomSearchOptions extends BootstrapFewShotOptions, RunOptions {
  /** Scores candidates on the valset and accepts bootstrap traces. */
  readonly metric: Metric;
  /** Shuffled bootstrap candidates, on top of zero-shot, labeled-only and unshuffled. Default 16. */
  readonly numCandidatePrograms?: number;
  /** Stop once a candidate scores at least this (0–100, as `Evaluate`'s score). */
  readonly stopAtScore?: number;
  /** Only these seeds (-3..numCandidatePrograms-1) run. */
  readonly restrict?: readonly number[];
  /** Labeled-only candidate: seeded sample (default) or the first examples. */
  readonly labeledSample?: boolean;
  /** Score of a valset row whose program or metric threw. Default 0. */
  readonly failureScore?: number;
  /** Called after each candidate is scored (and checkpointed). */
  readonly onCandidate?: (candidate: CandidateReport) => void;
}

/**
 * DSPy's `BootstrapFewShotWithRandomSearch` (`BootstrapRS`): builds zero-shot, labeled-only,
 * unshuffled-bootstrap and `numCandidatePrograms` shuffled-bootstrap candidates, scores each on
 * the valset with `Evaluate` (examples in parallel), and returns the best (ties keep the earlier).
 *
 * @example
 * const rs = new BootstrapFewShotWithRandomSearch({ metric: answerExactMatch, numCandidatePrograms: 6, checkpoint: 'rs.json' });
 * const { program, report, candidates } = await rs.compile(qa, { trainset, valset });
 * report.candidates.map((c) => [c.seed, c.score]);
 */
export class BootstrapFewShotWithRandomSearch implements Optimizer {
  readonly name = 'BootstrapFewShotWithRandomSearch';
  readonly config: RandomSearchOptions & { numCandidatePrograms: number; labeledSample: boolean };
  private readonly bootstrap: BootstrapFewShot;

  constructor(options: RandomSearchOptions) {
    if (!options?.metric)
      throw new DspyError(
        'CONFIG_INVALID',
        'BootstrapFewShotWithRandomSearch needs a metric to score candidates: new BootstrapFewShotWithRandomSearch({ metric }).',
      );
    const n = options.numCandidatePrograms ?? 16;
    if (!Number.isInteger(n) || n < 0)
      throw new DspyError('CONFIG_INVALID', `numCandidatePrograms must be a whole number >= 0; got ${n}.`);
    this.config = { ...options, numCandidatePrograms: n, labeledSample: options.labeledSample ?? true };
    this.bootstrap = new BootstrapFewShot(nestedBootstrap(options));
    const seeds = new Set(candidatePlans(n).map((p) => p.seed));
    if (options.restrict && !options.restrict.some((s) => seeds.has(s))) {
      throw new DspyError(
        'CONFIG_INVALID',
        `restrict [${options.restrict.join(', ')}] matches no candidate seed in -3..${n - 1}, so no candidate would be evaluated.`,
      );
    }
  }

  @ObserveCompile()
  async compile<P extends AnyProgram>(student: P, options: CompileOptions): Promise<CompileResult<P>> {
    const valset = options.valset?.length ? options.valset : options.trainset;
    const { result, cost } = await measure(() => this.search(student, options, valset));
    const { scored, stats, trials, remote } = result;
    let bestIndex = 0; // strictly greater wins, so ties keep the earlier candidate (as DSPy)
    for (let i = 1; i < scored.length; i++)
      if (scored[i]!.report.score > scored[bestIndex]!.report.score) bestIndex = i;
    const best = scored[bestIndex]!.program;
    best.compiled = true;
    const candidates: ScoredProgram<P>[] = scored
      .map((c) => ({ seed: c.report.seed, score: c.report.score, subscores: c.report.subscores, program: c.program }))
      .sort((a, b) => b.score - a.score);
    const report = buildReport(this.name, withRemoteCost(cost, remote), {
      candidates: scored.map((c) => c.report),
      bestIndex,
      bootstrap: stats,
      trials,
      bestScore: scored[bestIndex]!.report.score,
    });
    return { program: best, report, candidates };
  }

  private async search<P extends AnyProgram>(student: P, options: CompileOptions, valset: readonly Example<any>[]) {
    const cfg = this.config;
    const plans = candidatePlans(cfg.numCandidatePrograms).filter(
      (p) => !cfg.restrict || cfg.restrict.includes(p.seed),
    );
    const run = await OptimizerRun.open({
      optimizer: this.name,
      options: cfg,
      metric: cfg.metric,
      fingerprint: () =>
        runFingerprint(this.name, cfg, student, {
          trainset: options.trainset,
          valset,
          teacher: options.teacher,
        }),
      totalTrials: plans.length,
      signal: options.signal,
      evaluatorDefaults: {
        concurrency: this.bootstrap.config.concurrency,
        maxErrors: this.bootstrap.config.maxErrors,
        failureScore: cfg.failureScore ?? 0,
      },
    });
    const scored: { report: CandidateReport; program: P }[] = [];
    let stats: BootstrapStats | undefined;
    try {
      for (const plan of plans) {
        const { report: trial, data } = await run.trial(`candidate/${plan.seed}`, async () => {
          const { result, cost } = await measure(async () => {
            const built = await buildCandidate(student, plan.seed, {
              trainset: options.trainset,
              teacher: options.teacher,
              labeledSample: cfg.labeledSample,
              bootstrap: this.bootstrap.config,
              signal: options.signal,
            });
            return { ...built, evaluation: await run.score(built.program, valset) };
          });
          const { resumed: _r, ...report } = candidateReport(
            plan,
            result.program,
            result.evaluation,
            withRemoteCost(cost, result.evaluation.cost),
          );
          return {
            kind: plan.kind,
            program: result.program,
            params: { seed: plan.seed },
            full: result.evaluation.score,
            data: { report, state: result.program.dumpState(), stats: result.stats ?? null },
          };
        });
        const program = clearedCopy(student).loadState(data!.state);
        program.compiled = true;
        if (!trial.resumed) stats = addStats(stats, data!.stats ?? undefined);
        const entry = { report: { ...data!.report, resumed: trial.resumed }, program };
        scored.push(entry);
        cfg.onCandidate?.(entry.report);
        if (cfg.stopAtScore !== undefined && entry.report.score >= cfg.stopAtScore) break;
      }
    } catch (error) {
      run.fail(error);
      throw error;
    }
    run.finish();
    return { scored, stats, trials: run.trials, remote: run.remoteTotal };
  }
}

function candidateReport(
  plan: { seed: number; kind: CandidateReport['kind'] },
  program: AnyProgram,
  evaluation: { score: number; subscores: readonly (number | null)[] },
  cost: RunCost,
): CandidateReport {
  return {
    seed: plan.seed,
    kind: plan.kind,
    score: evaluation.score,
    subscores: evaluation.subscores,
    demos: demoCounts(program),
    lmCalls: cost.lmCalls,
    cacheHits: cost.cacheHits,
    tokens: cost.tokens,
    durationMs: cost.durationMs,
    costUsd: cost.costUsd,
    resumed: false,
  };
}
