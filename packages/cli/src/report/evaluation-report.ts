import type { EvaluationRun } from '../run-record';
import { card, esc, fields, page } from './html-parts';
import { barChart } from './svg-charts';

const FILTER_SCRIPT = `
const box = document.getElementById('failures-only');
const count = document.getElementById('shown');
function apply() {
  let shown = 0;
  for (const row of document.querySelectorAll('#rows tbody tr')) {
    const show = !box.checked || row.dataset.failed === 'true';
    row.hidden = !show;
    if (show) shown++;
  }
  count.textContent = shown + ' shown';
}
box.addEventListener('change', apply);
apply();
`;

function usd(v: number): string {
  return v === 0 ? '$0' : v < 0.01 ? `$${v.toFixed(5)}` : `$${v.toFixed(2)}`;
}

/**
 * A self-contained HTML page for an evaluation run: score, totals, the score distribution and
 * every example (inputs, outputs, expected, score, error) with a "failures only" filter.
 *
 * @example
 * writeFileSync('report.html', evaluationReport(readRun('run.json') as EvaluationRun));
 */
export function evaluationReport(run: EvaluationRun): string {
  const failed = (r: EvaluationRun['rows'][number]) => r.error !== undefined || (r.score ?? 0) < 1;
  const failures = run.rows.filter(failed).length;
  const buckets = [
    { label: 'pass (score 1)', value: run.rows.filter((r) => !r.error && r.score === 1).length, color: '#12805c' },
    {
      label: 'partial (0 < score < 1)',
      value: run.rows.filter((r) => !r.error && (r.score ?? 0) > 0 && (r.score ?? 0) < 1).length,
      color: '#d99b00',
    },
    {
      label: 'fail (score 0)',
      value: run.rows.filter((r) => !r.error && (r.score ?? 0) === 0).length,
      color: '#c4320a',
    },
    { label: 'error', value: run.rows.filter((r) => r.error).length, color: '#7a271a' },
  ];
  const rows = run.rows
    .map((r) => {
      const isFailed = failed(r);
      return `<tr class="${isFailed ? 'failed' : 'passed'}" data-failed="${isFailed}">
<td>${r.index + 1}</td><td>${fields(r.inputs)}</td><td>${fields(r.outputs)}</td><td>${fields(r.expected)}</td>
<td class="score">${r.score === undefined ? '–' : esc(String(Math.round(r.score * 1000) / 1000))}</td>
<td>${r.error ? `<div class="err">${esc(r.error)}</div>` : ''}</td></tr>`;
    })
    .join('\n');
  const body = `
<h1>Evaluation: ${esc(run.program)}</h1>
<div class="meta">data <code>${esc(run.data)}</code> · metric <code>${esc(run.metric)}</code> · LM <code>${esc(run.lm)}</code> · ${esc(run.createdAt)}</div>
<div class="cards">
${card('score', `${run.score}%`).replace('class="card"', 'class="card score"')}
${card('examples', String(run.rows.length))}
${card('failures', String(failures))}
${card('LM calls', String(run.lmCalls))}
${card('tokens', String(run.tokens.totalTokens))}
${card('cost', usd(run.costUsd))}
${card('time', `${(run.durationMs / 1000).toFixed(1)} s`)}
</div>
<h2>Score distribution</h2>
${barChart(buckets, 'examples by outcome')}
<h2>Examples</h2>
<div class="toolbar"><label><input type="checkbox" id="failures-only"> Show failures only</label><span id="shown"></span></div>
<table id="rows"><thead><tr><th>#</th><th>inputs</th><th>outputs</th><th>expected</th><th>score</th><th>error</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
  return page(`Evaluation ${run.score}% · ${run.program}`, body, FILTER_SCRIPT);
}
