import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { type Callback, Evaluate, type Example, type Metric, type Program, type TrialEvent } from '@dspy-ts/core';
import {
  BootstrapFewShot,
  BootstrapFewShotWithRandomSearch,
  type CandidateReport,
  GEPA,
  type GepaMetric,
  MIPROv2,
  type OptimizerReport,
  type TrialReport,
} from '@dspy-ts/optimizers';
import { chooseLm, type LmFlags } from '../choose-lm';
import { loadExamples } from '../load-data';
import { loadProgram } from '../load-program';
import { chooseMetric } from '../metrics';
import { pickMode, Progress } from '../progress';
import { formatMs, formatUsd, interruptible, LmCounter, runWith } from '../run-context';
import { type OptimizationRun, type PredictorSnapshot, type TrialRecord, writeRun } from '../run-record';
import { EXIT, UsageError } from '../usage-error';
import { writeTextAtomic } from '../write-atomic';

export const OPTIMIZERS = ['bootstrap', 'random-search', 'mipro', 'gepa'] as const;
// Optimizers built on OptimizerRun: they checkpoint every trial and resume from the file.
const RESUMABLE = ['random-search', 'mipro', 'gepa'];

export interface CompileFlags extends LmFlags {
  readonly optimizer: string;
  readonly train: string;
  readonly val?: string;
  readonly metric?: string;
  readonly inputs?: string;
  readonly out: string;
  readonly checkpoint?: string;
  readonly report?: string;
  readonly candidates?: number;
  readonly maxDemos?: number;
  readonly maxLabeled?: number;
  readonly concurrency?: number;
  /** mipro/gepa budget: light | medium | heavy. */
  readonly auto?: string;
  /** gepa: the model that reads failures and writes instructions (default: --lm). */
  readonly reflectionLm?: string;
  readonly json?: boolean;
}

type AnyProgram = Program<any, any>;

function snapshot(program: AnyProgram): PredictorSnapshot[] {
  return program.namedPredictors().map(([name, p]) => ({
    name,
    instructions: p.signature.instructions,
    demos: p.demos.map((d) => {
      const v = d as { toDict?: () => Record<string, unknown> };
      return typeof v.toDict === 'function' ? v.toDict() : { ...(d as Record<string, unknown>) };
    }),
  }));
}

function trialsOf(candidates: readonly CandidateReport[], finishedAt: Map<number, number>): TrialRecord[] {
  let elapsed = 0;
  return candidates.map((c, i) => {
    elapsed += c.durationMs;
    return {
      trial: i,
      label: `${c.kind} (seed ${c.seed})`,
      score: c.score,
      lmCalls: c.lmCalls,
      tokens: c.tokens,
      costUsd: c.costUsd ?? 0,
      durationMs: c.durationMs,
      resumed: c.resumed,
      atMs: finishedAt.get(i) ?? elapsed,
    };
  });
}

/** Trials of optimizers built on OptimizerRun (MIPROv2, GEPA, ...): scored ones only. */
function trialsFromReports(reports: readonly TrialReport[], finishedAt: Map<number, number>): TrialRecord[] {
  let elapsed = 0;
  const out: TrialRecord[] = [];
  for (const t of reports) {
    elapsed += t.durationMs;
    const score = t.fullScore ?? t.minibatchScore;
    if (score === undefined) continue;
    out.push({
      trial: out.length,
      label: `${t.kind}${t.fullScore === undefined ? ` (minibatch of ${t.minibatchSize})` : ''}`,
      score,
      lmCalls: t.lmCalls,
      tokens: t.tokens,
      costUsd: 0,
      durationMs: t.durationMs,
      resumed: t.resumed,
      atMs: finishedAt.get(t.index) ?? elapsed,
    });
  }
  return out;
}

function bestOf(trials: readonly TrialRecord[]): number | undefined {
  let best: number | undefined;
  for (let i = 0; i < trials.length; i++) if (best === undefined || trials[i]!.score > trials[best]!.score) best = i;
  return best;
}

function phasesOf(
  candidates: readonly { kind: string; lmCalls: number; tokens: { totalTokens: number }; costUsd?: number }[],
) {
  const phases = new Map<string, { name: string; lmCalls: number; tokens: number; costUsd: number }>();
  for (const c of candidates) {
    const p = phases.get(c.kind) ?? { name: c.kind, lmCalls: 0, tokens: 0, costUsd: 0 };
    p.lmCalls += c.lmCalls;
    p.tokens += c.tokens.totalTokens;
    p.costUsd += c.costUsd ?? 0;
    phases.set(c.kind, p);
  }
  return [...phases.values()];
}

async function score(
  program: AnyProgram,
  devset: Example<any>[],
  metric: Metric,
  concurrency: number,
  signal: AbortSignal,
) {
  const started = performance.now();
  const result = await new Evaluate({
    devset,
    metric,
    concurrency,
    progress: false,
    signal,
    maxErrors: devset.length + 1,
  }).run(program);
  return {
    score: result.score,
    lmCalls: result.totals.lmCalls,
    tokens: result.totals.tokens,
    durationMs: performance.now() - started,
  };
}

/** Notes the program module in the saved file's metadata (relative path), so `dspy-ts inspect` finds it. */
function recordModule(out: string, moduleFile: string): void {
  const state = JSON.parse(readFileSync(out, 'utf8')) as { metadata?: { dspy_ts?: Record<string, unknown> } };
  const metadata = (state.metadata ??= {});
  metadata.dspy_ts = { ...metadata.dspy_ts, module: relative(dirname(resolve(out)), resolve(moduleFile)) };
  writeTextAtomic(out, `${JSON.stringify(state, null, 2)}\n`);
}

/** `dspy-ts compile <program> --optimizer ... --train ... --out compiled.json`. Returns the exit code. */
export async function compileCommand(moduleFile: string, flags: CompileFlags): Promise<number> {
  if (!(OPTIMIZERS as readonly string[]).includes(flags.optimizer))
    throw new UsageError(`unknown optimizer '${flags.optimizer}': use one of ${OPTIMIZERS.join(', ')}.`);
  if (flags.checkpoint && !RESUMABLE.includes(flags.optimizer))
    throw new UsageError(
      `--checkpoint needs --optimizer ${RESUMABLE.join(', ')} (bootstrap runs are short and not resumable).`,
    );
  const auto = (flags.auto ?? 'light') as 'light' | 'medium' | 'heavy';
  if (!['light', 'medium', 'heavy'].includes(auto))
    throw new UsageError(`unknown --auto '${flags.auto}': use light, medium or heavy.`);
  const mod = loadProgram(moduleFile);
  const inputs = flags.inputs ? flags.inputs.split(',').map((s) => s.trim()) : mod.inputs;
  const trainset = loadExamples(flags.train, inputs);
  const valset = flags.val ? loadExamples(flags.val, inputs) : trainset;
  const { name: metricName, metric } = chooseMetric(flags.metric, mod.metric);
  const { lm, label } = await chooseLm(flags);
  const reportFile = flags.report ?? flags.out.replace(/(\.json)?$/, '.run.json');
  const progress = new Progress(pickMode(flags));
  const counter = new LmCounter();
  const concurrency = flags.concurrency ?? 4;
  const candidates = flags.candidates ?? 6;
  let total = flags.optimizer === 'random-search' ? candidates + 3 : flags.optimizer === 'bootstrap' ? 2 : 0;
  let trials = 0;
  let best: number | undefined;
  const started = performance.now();
  const finishedAt = new Map<number, number>();
  const showProgress = () =>
    progress.update({
      phase: 'compile',
      done: trials,
      total,
      score: best,
      lmCalls: counter.calls,
      tokens: counter.tokens,
    });
  const onTrial: Callback = {
    onTrial: (e: TrialEvent) => {
      trials = e.trial + 1;
      total = Math.max(total, trials);
      best = e.bestScore;
      finishedAt.set(e.trial, performance.now() - started);
      showProgress();
      progress.event('trial', {
        trial: e.trial,
        score: e.score,
        bestScore: e.bestScore,
        lmCalls: counter.calls,
        ...e.details,
      });
    },
    onLmEnd: (e) => {
      const before = counter.calls;
      counter.onLmEnd(e);
      if (counter.calls !== before && counter.calls % 5 === 0) showProgress();
    },
  };
  const stop = interruptible();
  const original = snapshot(mod.program);
  progress.event('start', {
    command: 'compile',
    optimizer: flags.optimizer,
    program: moduleFile,
    train: trainset.length,
    val: valset.length,
    lm: label,
    checkpoint: flags.checkpoint ?? null,
  });
  try {
    const outcome = await runWith(lm, [onTrial], async () => {
      const common = {
        metric,
        maxBootstrappedDemos: flags.maxDemos ?? 4,
        maxLabeledDemos: flags.maxLabeled ?? 16,
        concurrency,
      };
      if (flags.optimizer === 'random-search') {
        const optimizer = new BootstrapFewShotWithRandomSearch({
          ...common,
          numCandidatePrograms: candidates,
          checkpoint: flags.checkpoint,
          progress: false,
        });
        const result = await optimizer.compile(mod.program, { trainset, valset, signal: stop.signal });
        return { program: result.program, report: result.report };
      }
      if (flags.optimizer === 'mipro') {
        const optimizer = new MIPROv2({ ...common, auto, checkpoint: flags.checkpoint, progress: false });
        const result = await optimizer.compile(mod.program, { trainset, valset, signal: stop.signal });
        return { program: result.program, report: result.report };
      }
      if (flags.optimizer === 'gepa') {
        const reflection = flags.reflectionLm ? (await chooseLm({ ...flags, lm: flags.reflectionLm })).lm : lm;
        const gepaMetric: GepaMetric = typeof metric === 'function' ? metric : (gold, pred) => metric.call(gold, pred);
        const optimizer = new GEPA({
          metric: gepaMetric,
          reflectionLm: reflection,
          auto,
          checkpoint: flags.checkpoint,
          concurrency,
          progress: false,
        });
        const result = await optimizer.compile(mod.program, { trainset, valset, signal: stop.signal });
        return { program: result.program, report: result.report };
      }
      // Bootstrap scores nothing itself: score the original and the compiled program on the valset.
      const before = await score(mod.program, valset, metric, concurrency, stop.signal);
      onTrial.onTrial!({
        optimizer: 'BootstrapFewShot',
        trial: 0,
        score: before.score,
        bestScore: before.score,
        details: { kind: 'original' },
      });
      const result = await new BootstrapFewShot(common).compile(mod.program, { trainset, valset, signal: stop.signal });
      const after = await score(result.program, valset, metric, concurrency, stop.signal);
      onTrial.onTrial!({
        optimizer: 'BootstrapFewShot',
        trial: 1,
        score: after.score,
        bestScore: Math.max(before.score, after.score),
        details: { kind: 'bootstrap' },
      });
      const report: OptimizerReport = {
        ...result.report,
        candidates: [
          { seed: -3, kind: 'zero-shot', subscores: [], demos: {}, cacheHits: 0, resumed: false, ...before },
          {
            seed: -1,
            kind: 'bootstrap',
            subscores: [],
            demos: {},
            cacheHits: 0,
            resumed: false,
            ...after,
            lmCalls: after.lmCalls + result.report.lmCalls,
          },
        ],
        bestIndex: after.score >= before.score ? 1 : 0,
      };
      return { program: after.score >= before.score ? result.program : mod.program, report };
    });
    progress.stop();
    await outcome.program.save(flags.out);
    recordModule(flags.out, moduleFile);
    const report = outcome.report;
    const fromTrials = report.candidates.length === 0 && (report.trials?.length ?? 0) > 0;
    const trialRecords = fromTrials
      ? trialsFromReports(report.trials!, finishedAt)
      : trialsOf(report.candidates, finishedAt);
    const bestTrial = fromTrials ? bestOf(trialRecords) : report.bestIndex;
    const run: OptimizationRun = {
      kind: 'optimization',
      createdAt: new Date().toISOString(),
      program: moduleFile,
      optimizer: report.optimizer,
      metric: metricName,
      lm: label,
      trainSize: trainset.length,
      valSize: valset.length,
      bestScore: bestTrial === undefined ? undefined : trialRecords[bestTrial]?.score,
      bestTrial,
      lmCalls: counter.calls,
      tokens: report.tokens,
      costUsd: counter.costUsd,
      durationMs: performance.now() - started,
      trials: trialRecords,
      phases: fromTrials ? phasesOf(report.trials!.map((t) => ({ ...t, costUsd: 0 }))) : phasesOf(report.candidates),
      original,
      best: snapshot(outcome.program),
    };
    writeRun(reportFile, run);
    const resumed = trialRecords.filter((t) => t.resumed).length;
    progress.event('result', {
      out: flags.out,
      report: reportFile,
      bestScore: run.bestScore ?? null,
      trials: trialRecords.length,
      resumed,
      lmCalls: run.lmCalls,
      costUsd: run.costUsd,
    });
    if (progress.mode !== 'json') {
      process.stdout.write(
        `Best score: ${run.bestScore ?? '-'}% (trial ${bestTrial ?? '-'} of ${trialRecords.length}${resumed ? `, ${resumed} resumed from the checkpoint` : ''})\n` +
          `LM calls: ${run.lmCalls} · cost: ${formatUsd(run.costUsd)} · time: ${formatMs(run.durationMs)}\n` +
          `Saved ${flags.out} and ${reportFile} (HTML: dspy-ts report ${reportFile} --html report.html)\n`,
      );
    }
    return EXIT.ok;
  } catch (err) {
    progress.stop();
    if (stop.interrupted()) {
      const where = flags.checkpoint
        ? `; ${trials} trial(s) are in the checkpoint ${flags.checkpoint}. Run the same command again to resume.`
        : '. Nothing was saved (use --optimizer random-search --checkpoint run.ckpt.json for resumable runs).';
      progress.event('interrupted', { trials, checkpoint: flags.checkpoint ?? null }, `Interrupted${where}`);
      return EXIT.interrupted;
    }
    throw err;
  } finally {
    stop.dispose();
  }
}
