import { diffWords } from 'diff';
import type { OptimizationRun, PredictorSnapshot } from '../run-record';
import { card, esc, fields, page } from './html-parts';
import { barChart, scoreOverTimeChart } from './svg-charts';

function usd(v: number): string {
  return v === 0 ? '$0' : v < 0.01 ? `$${v.toFixed(5)}` : `$${v.toFixed(2)}`;
}

/**
 * Word-level diff of two instructions as `<del>`/`<ins>` markup.
 *
 * @example
 * instructionDiff('Answer briefly.', 'Answer in one word.');
 * // '<pre>Answer <del>briefly</del><ins>in one word</ins>.</pre>'
 */
export function instructionDiff(before: string, after: string): string {
  if (before === after) return `<pre>${esc(after)}</pre><div class="meta">unchanged</div>`;
  const parts = diffWords(before, after)
    .map((p) => (p.added ? `<ins>${esc(p.value)}</ins>` : p.removed ? `<del>${esc(p.value)}</del>` : esc(p.value)))
    .join('');
  return `<pre>${parts}</pre>`;
}

function predictorSection(best: PredictorSnapshot, original: PredictorSnapshot | undefined): string {
  const demos = best.demos
    .map((d, i) => `<div class="demo"><div class="meta">demo ${i + 1}</div>${fields(d, 600)}</div>`)
    .join('');
  return `<div class="pred"><h3>${esc(best.name)}</h3>
<div class="meta">instructions (diff against the original)</div>
${instructionDiff(original?.instructions ?? '', best.instructions)}
<div class="meta">${best.demos.length} demo(s)${original ? ` (original had ${original.demos.length})` : ''}</div>${demos}</div>`;
}

/**
 * A self-contained HTML page for an optimization run: score per trial over time, the trials,
 * LM calls/tokens/cost per phase, and the best program's instructions (diffed against the
 * original) and demos.
 *
 * @example
 * writeFileSync('report.html', optimizationReport(readRun('compiled.run.json') as OptimizationRun));
 */
export function optimizationReport(run: OptimizationRun): string {
  const points = run.trials.map((t) => ({
    x: t.atMs,
    y: t.score,
    label: `trial ${t.trial} · ${t.label}`,
    highlight: t.trial === run.bestTrial,
  }));
  const trialRows = run.trials
    .map(
      (
        t,
      ) => `<tr class="${t.trial === run.bestTrial ? 'passed' : ''}"><td>${t.trial}</td><td>${esc(t.label)}</td><td class="score">${t.score}</td>
<td>${t.lmCalls}</td><td>${t.tokens.totalTokens}</td><td>${usd(t.costUsd)}</td><td>${(t.durationMs / 1000).toFixed(1)} s</td><td>${t.resumed ? 'yes' : ''}</td></tr>`,
    )
    .join('\n');
  const phaseRows = run.phases
    .map((p) => `<tr><td>${esc(p.name)}</td><td>${p.lmCalls}</td><td>${p.tokens}</td><td>${usd(p.costUsd)}</td></tr>`)
    .join('');
  const byName = new Map(run.original.map((p) => [p.name, p]));
  const body = `
<h1>Optimization: ${esc(run.program)}</h1>
<div class="meta">optimizer <code>${esc(run.optimizer)}</code> · metric <code>${esc(run.metric)}</code> · LM <code>${esc(run.lm)}</code> · train ${run.trainSize} · val ${run.valSize} · ${esc(run.createdAt)}</div>
<div class="cards">
${card('best score', run.bestScore === undefined ? '–' : `${run.bestScore}%`).replace('class="card"', 'class="card score"')}
${card('trials', String(run.trials.length))}
${card('LM calls', String(run.lmCalls))}
${card('tokens', String(run.tokens.totalTokens))}
${card('cost', usd(run.costUsd))}
${card('time', `${(run.durationMs / 1000).toFixed(1)} s`)}
</div>
<h2>Score per trial over time</h2>
${scoreOverTimeChart(points, 'valset score (0-100) per trial; dashed: best so far')}
<h2>Trials</h2>
<table id="trials"><thead><tr><th>trial</th><th>candidate</th><th>score</th><th>LM calls</th><th>tokens</th><th>cost</th><th>time</th><th>resumed</th></tr></thead><tbody>
${trialRows}
</tbody></table>
<h2>LM calls and tokens per phase</h2>
${barChart(
  run.phases.map((p) => ({ label: p.name, value: p.lmCalls })),
  'LM calls per phase',
  ' calls',
)}
<table id="phases"><thead><tr><th>phase</th><th>LM calls</th><th>tokens</th><th>cost</th></tr></thead><tbody>${phaseRows}</tbody></table>
<h2>Best program</h2>
${run.best.map((p) => predictorSection(p, byName.get(p.name))).join('\n')}`;
  return page(`Optimization ${run.bestScore ?? ''}% · ${run.program}`, body);
}
