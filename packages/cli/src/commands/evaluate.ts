import { Evaluate } from '@dspy-ts/core';
import { chooseLm, type LmFlags } from '../choose-lm';
import { loadExamples } from '../load-data';
import { loadProgram } from '../load-program';
import { chooseMetric } from '../metrics';
import { pickMode, Progress } from '../progress';
import { formatMs, formatUsd, interruptible, LmCounter, runWith } from '../run-context';
import type { EvaluationRun } from '../run-record';
import { writeRun } from '../run-record';
import { EXIT } from '../usage-error';

export interface EvaluateFlags extends LmFlags {
  readonly data: string;
  readonly metric?: string;
  readonly inputs?: string;
  readonly concurrency?: number;
  readonly save?: string;
  readonly json?: boolean;
}

function plain(value: unknown): Record<string, unknown> {
  const v = value as { toDict?: () => Record<string, unknown> } | undefined;
  if (!v) return {};
  return typeof v.toDict === 'function' ? v.toDict() : { ...(v as Record<string, unknown>) };
}

/** `dspy-ts evaluate <program> --data dev.jsonl --metric exact`. Returns the exit code. */
export async function evaluateCommand(moduleFile: string, flags: EvaluateFlags): Promise<number> {
  const mod = loadProgram(moduleFile);
  const inputs = flags.inputs ? flags.inputs.split(',').map((s) => s.trim()) : mod.inputs;
  const devset = loadExamples(flags.data, inputs);
  const { name: metricName, metric } = chooseMetric(flags.metric, mod.metric);
  const { lm, label } = await chooseLm(flags);
  const progress = new Progress(pickMode(flags));
  const counter = new LmCounter();
  const stop = interruptible();
  progress.event('start', {
    command: 'evaluate',
    program: moduleFile,
    data: flags.data,
    examples: devset.length,
    lm: label,
  });
  try {
    const result = await runWith(lm, [counter], () =>
      new Evaluate({
        devset,
        metric,
        concurrency: flags.concurrency ?? 4,
        progress: false,
        maxErrors: devset.length + 1,
        signal: stop.signal,
        onProgress: (p) =>
          progress.update({
            phase: 'evaluate',
            done: p.done,
            total: p.total,
            score: p.scored ? (p.sum / p.scored) * 100 : undefined,
            lmCalls: counter.calls,
            tokens: counter.tokens,
          }),
      }).run(mod.program),
    );
    progress.stop();
    // Core's total: each row's per-model usage priced with the table (`setModelPrices`).
    const costUsd = result.totals.costUsd;
    const run: EvaluationRun = {
      kind: 'evaluation',
      createdAt: new Date().toISOString(),
      program: moduleFile,
      data: flags.data,
      metric: metricName,
      lm: label,
      score: result.score,
      lmCalls: result.totals.lmCalls,
      tokens: result.totals.tokens,
      costUsd,
      durationMs: result.totals.durationMs,
      rows: result.rows.map((r) => ({
        index: r.index,
        inputs: plain(r.example.inputs()),
        expected: plain(r.example.labels()),
        outputs: r.prediction === undefined ? undefined : plain(r.prediction),
        score: r.score,
        error: r.error === undefined ? undefined : String((r.error as Error)?.message ?? r.error).split('\n')[0],
        lmCalls: r.lmCalls,
        durationMs: r.durationMs,
      })),
    };
    if (flags.save) writeRun(flags.save, run);
    const failed = run.rows.filter((r) => r.error).length;
    progress.event('result', {
      score: run.score,
      examples: run.rows.length,
      errors: failed,
      lmCalls: run.lmCalls,
      tokens: run.tokens,
      costUsd,
      saved: flags.save ?? null,
    });
    if (progress.mode !== 'json') {
      process.stdout.write(
        `Score: ${run.score}% on ${run.rows.length} examples (${metricName})${failed ? `, ${failed} errors` : ''}\n` +
          `LM calls: ${run.lmCalls} · tokens: ${run.tokens.totalTokens} · cost: ${formatUsd(costUsd)} · time: ${formatMs(run.durationMs)}\n` +
          (flags.save
            ? `Saved ${flags.save} (make an HTML report: dspy-ts report ${flags.save} --html report.html)\n`
            : ''),
      );
    }
    return EXIT.ok;
  } catch (err) {
    progress.stop();
    if (stop.interrupted()) {
      progress.event('interrupted', {}, 'Interrupted: evaluation stopped, nothing saved.');
      return EXIT.interrupted;
    }
    throw err;
  } finally {
    stop.dispose();
  }
}
