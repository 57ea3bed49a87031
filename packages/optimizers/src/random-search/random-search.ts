import { ObserveCompile, emitTrial } from '@dspy-ts/core/provider-kit';
import { DspyError, Evaluate, type Example, type Metric, type ProgressSetting } from '@dspy-ts/core';
import { BootstrapFewShot, type BootstrapFewShotOptions } from '../bootstrap/bootstrap-few-shot';
import { clearedCopy } from '../internal/copies';
import { measure, type RunCost } from '../internal/measure';
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
import { Checkpoint } from './checkpoint';
import { runFingerprint } from './fingerprint';

export interface RandomSearchOptions extends BootstrapFewShotOptions {
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
  /** JSON file of finished candidates; a rerun with the same file skips them. */
  readonly checkpoint?: string;
  /** `Evaluate`'s progress bar. Default `false`. */
  readonly progress?: ProgressSetting;
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
    this.bootstrap = new BootstrapFewShot(options);
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
    const { scored, stats } = result;
    let bestIndex = 0; // strictly greater wins, so ties keep the earlier candidate (as DSPy)
    for (let i = 1; i < scored.length; i++)
      if (scored[i]!.report.score > scored[bestIndex]!.report.score) bestIndex = i;
    const best = scored[bestIndex]!.program;
    best.compiled = true;
    const candidates: ScoredProgram<P>[] = scored
      .map((c) => ({ seed: c.report.seed, score: c.report.score, subscores: c.report.subscores, program: c.program }))
      .sort((a, b) => b.score - a.score);
    const report = buildReport(this.name, cost, {
      candidates: scored.map((c) => c.report),
      bestIndex,
      bootstrap: stats,
    });
    return { program: best, report, candidates };
  }

  private async search<P extends AnyProgram>(student: P, options: CompileOptions, valset: readonly Example<any>[]) {
    const cfg = this.config;
    const checkpoint = cfg.checkpoint
      ? await Checkpoint.open(cfg.checkpoint, this.name, runFingerprint(this.name, cfg, student, options, valset))
      : undefined;
    const evaluate = new Evaluate({
      devset: valset,
      metric: cfg.metric,
      concurrency: this.bootstrap.config.concurrency,
      maxErrors: this.bootstrap.config.maxErrors,
      failureScore: cfg.failureScore ?? 0,
      progress: cfg.progress ?? false,
      signal: options.signal,
    });
    const scored: { report: CandidateReport; program: P }[] = [];
    let stats: BootstrapStats | undefined;
    for (const plan of candidatePlans(cfg.numCandidatePrograms)) {
      if (cfg.restrict && !cfg.restrict.includes(plan.seed)) continue;
      options.signal?.throwIfAborted();
      const saved = checkpoint?.get(plan.seed);
      let entry: { report: CandidateReport; program: P };
      if (saved) {
        const program = clearedCopy(student).loadState(saved.state);
        program.compiled = true;
        entry = { report: { ...saved.report, resumed: true }, program };
      } else {
        const { result, cost } = await measure(async () => {
          const built = await buildCandidate(student, plan.seed, {
            trainset: options.trainset,
            teacher: options.teacher,
            labeledSample: cfg.labeledSample,
            bootstrap: this.bootstrap.config,
            signal: options.signal,
          });
          return { ...built, evaluation: await evaluate.run(built.program as never) };
        });
        stats = addStats(stats, result.stats);
        result.program.compiled = true;
        entry = { report: candidateReport(plan, result.program, result.evaluation, cost), program: result.program };
        const { resumed: _r, ...stored } = entry.report;
        await checkpoint?.add({ seed: plan.seed, report: stored, state: result.program.dumpState() });
      }
      scored.push(entry);
      cfg.onCandidate?.(entry.report);
      emitTrial({
        optimizer: this.name,
        trial: scored.length - 1,
        score: entry.report.score,
        bestScore: Math.max(...scored.map((c) => c.report.score)),
        lmCalls: entry.report.lmCalls,
        details: { seed: plan.seed, kind: plan.kind, resumed: entry.report.resumed },
      });
      if (cfg.stopAtScore !== undefined && entry.report.score >= cfg.stopAtScore) break;
    }
    return { scored, stats };
  }
}

function candidateReport(
  plan: { seed: number; kind: CandidateReport['kind'] },
  program: AnyProgram,
  evaluation: { score: number; rows: readonly { score: number | undefined }[] },
  cost: RunCost,
): CandidateReport {
  return {
    seed: plan.seed,
    kind: plan.kind,
    score: evaluation.score,
    subscores: evaluation.rows.map((r) => r.score ?? null),
    demos: demoCounts(program),
    lmCalls: cost.lmCalls,
    cacheHits: cost.cacheHits,
    tokens: cost.tokens,
    durationMs: cost.durationMs,
    costUsd: cost.costUsd,
    resumed: false,
  };
}
