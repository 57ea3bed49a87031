import type { ExperimentResult, PhaseScores } from './experiment';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The before/after table main.ts prints: dev scores of the zero-shot and the compiled program,
 * what each cost, and what compiling cost.
 *
 * @example
 * console.log(formatReport(await runExperiment({ lm })));
 */
export function formatReport(r: ExperimentResult): string {
  const rows: [string, (p: PhaseScores) => string][] = [
    ['answer exact match (dev)', (p) => `${p.exactMatch.toFixed(2)}%`],
    ['passage match (retrieval)', (p) => `${p.passageMatch.toFixed(2)}%`],
    ['gold passages retrieved', (p) => `${p.goldRecall.toFixed(2)}%`],
    ['answers of 1-5 words', (p) => `${p.concise.toFixed(2)}%`],
    ['failed rows', (p) => String(p.errors)],
    ['LM calls (cache hits)', (p) => `${p.lmCalls} (${p.cacheHits})`],
    ['tokens (prompt + completion)', (p) => `${p.tokens.promptTokens} + ${p.tokens.completionTokens}`],
    ['wall time', (p) => seconds(p.durationMs)],
  ];
  const w = Math.max(...rows.map(([label]) => label.length));
  const cell = (s: string) => s.padStart(14);
  const c = r.compile;
  const boot = c.bootstrap;
  return [
    `MultiHopQA (SimplifiedBaleen) on ${r.model}, ${r.adapter}`,
    `corpus ${r.sizes.passages} passages; train ${r.sizes.train}, dev ${r.sizes.dev} questions`,
    '',
    `${''.padEnd(w)}${cell('zero-shot')}${cell('compiled')}`,
    ...rows.map(([label, f]) => `${label.padEnd(w)}${cell(f(r.zeroShot))}${cell(f(r.compiled))}`),
    '',
    `BootstrapFewShot: ${c.lmCalls} LM calls, ${c.tokens.totalTokens} tokens, ${seconds(c.durationMs)}; ` +
      `${boot?.bootstrapped ?? 0} of ${boot?.attempts ?? 0} teacher runs kept, ${boot?.errors ?? 0} failed${boot?.firstError ? ` (first: ${boot.firstError.slice(0, 160)})` : ''}`,
    `demos per predictor (bootstrapped): ${Object.entries(r.demos)
      .map(([n, d]) => `${n} ${d.total} (${d.bootstrapped})`)
      .join(', ')}`,
    // As in DSPy, a labeled demo without a `query` is incomplete for a query predictor and is not shown to it.
    '  labeled demos carry no query, so query predictors only see bootstrapped ones',
    ...[r.zeroShot, r.compiled].flatMap((p, i) =>
      p.firstError
        ? [`first failed row (${i ? 'compiled' : 'zero-shot'}): ${p.firstError.replace(/\s+/g, ' ').slice(0, 200)}`]
        : [],
    ),
    `saved ${r.savedTo}`,
    `total wall time ${seconds(r.wallMs)}`,
  ].join('\n');
}
