/** Markdown and machine facts for compile-real-model.ts. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { Demo } from '@dspy-ts/core';
import type { OptimizerReport } from '@dspy-ts/optimizers';
import type { DevStats } from './compile-real-model';

export interface Phase {
  name: string;
  compile?: OptimizerReport;
  dev: DevStats;
  demos?: readonly Demo[];
}

export interface RunResult {
  model: string;
  machine: Omit<ReturnType<typeof machine>, 'loadAverage'> & { loadAverage?: number };
  sizes: { train: number; val: number; dev: number; candidates: number };
  wallMs: number;
  /** How this run was started (env + command), for the results file. */
  command?: string;
  phases: Phase[];
}

export function machine() {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux: os.cpus() model
  }
  return {
    node: process.version,
    cpu,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg()[0],
  };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function renderMarkdown(r: RunResult): string {
  const lines = [
    '# Compiling a program on a real model (embedded llama.cpp, CPU)',
    '',
    `Model \`${r.model}\`; Node ${r.machine.node}; ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB` +
      `${r.machine.loadAverage === undefined ? '' : ` (1-minute load average at the end: ${r.machine.loadAverage.toFixed(1)}; the machine is shared, so times vary run to run, scores do not)`}.`,
    `Task: \`Predict('date -> iso_date')\` ("Rewrite the date in ISO 8601 format (YYYY-MM-DD)."), strict exact match, on bench/data/dates.json (200 rows made by bench/data/make-dataset.ts).`,
    `Split: train ${r.sizes.train}, val ${r.sizes.val} (random search selects on it), dev ${r.sizes.dev} (reported); ${r.sizes.candidates} shuffled random-search candidates.`,
    `Total wall time ${s(r.wallMs)}. Command: \`${r.command ?? 'cd bench && node -r ts-node/register/transpile-only compile-real-model.ts'}\` (after \`npx tsc -b\`).`,
    '',
    '| program | dev accuracy | no parse | JSON fallback used | not YYYY-MM-DD (of which `{iso_date}` copied) | wrong date (year/month/day off) | compile LM calls | compile tokens | compile time | dev LM calls (cache hits) | dev time |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const p of r.phases) {
    const c = p.compile;
    lines.push(
      `| ${p.name} | ${p.dev.score}% | ${p.dev.parseFailures} | ${p.dev.jsonFallbacks} | ${p.dev.notIso} (${p.dev.placeholder}) | ${p.dev.wrongDate} (${p.dev.wrongPart.join('/')}) | ${c ? c.lmCalls : '-'} | ${c ? c.tokens.totalTokens : '-'} | ${c ? s(c.durationMs) : '-'} | ${p.dev.totals.lmCalls} (${p.dev.totals.cacheHits}) | ${s(p.dev.totals.durationMs)} |`,
    );
  }
  for (const p of r.phases.filter((x) => x.compile?.candidates.length)) {
    lines.push(
      '',
      `## ${p.name} candidates (val accuracy)`,
      '',
      '| seed | kind | val | demos | LM calls (cache hits) | time | chosen |',
      '|---:|---|---:|---:|---:|---:|---|',
    );
    p.compile!.candidates.forEach((c, i) =>
      lines.push(
        `| ${c.seed} | ${c.kind} | ${c.score}% | ${Object.values(c.demos).join('+')} | ${c.lmCalls} (${c.cacheHits}) | ${s(c.durationMs)} | ${i === p.compile!.bestIndex ? 'yes' : ''} |`,
      ),
    );
  }
  for (const p of r.phases.filter((x) => x.compile?.bootstrap)) {
    const b = p.compile!.bootstrap!;
    lines.push(
      '',
      `${p.name} bootstrapping: ${b.attempts} teacher runs, ${b.bootstrapped} traces kept, ${b.errors} errors${b.firstError ? ` (first: ${b.firstError.slice(0, 160)})` : ''}.`,
    );
  }
  for (const p of r.phases.filter((x) => x.demos?.length)) {
    lines.push(
      '',
      `${p.name} demos: ${p.demos!.map((d) => `${d.augmented ? '[bootstrapped] ' : ''}"${String(d.date)}" → ${String(d.iso_date)}`).join('; ')}`,
    );
  }
  lines.push('', ...findings(r));
  for (const p of r.phases)
    lines.push(
      '',
      `${p.name} misses (first 3): ${p.dev.samples.map(([a, b]) => `"${a}" → ${JSON.stringify(b)}`).join('; ') || 'none'}`,
    );
  return `${lines.join('\n')}\n`;
}

/** What the numbers say, computed from them so a rerun keeps the text true. */
function findings(r: RunResult): string[] {
  const [zero, ...compiled] = r.phases;
  if (!zero || compiled.length === 0) return [];
  const best = compiled.reduce((a, b) => (b.dev.score > a.dev.score ? b : a));
  const n = r.sizes.dev;
  const [y, m, d] = best.dev.wrongPart;
  return [
    '## Reading the numbers',
    '',
    `- Zero-shot the model fails on **format**, not on dates: ${zero.dev.notIso} of ${n} replies are not a YYYY-MM-DD date ` +
      `(${zero.dev.placeholder} copy the \`{iso_date}\` placeholder from the field template in the system message), and ` +
      `${zero.dev.jsonFallbacks} rows needed ChatAdapter's JSON fallback (2 LM calls each).`,
    `- With demos (${best.name}) the format problem is gone (${best.dev.notIso} not ISO, ${best.dev.jsonFallbacks} fallbacks, half the LM calls per row) ` +
      `and accuracy goes ${zero.dev.score}% → ${best.dev.score}%. The remaining misses are **values**: of ${best.dev.wrongDate} well-formed wrong dates, ` +
      `the year is off in ${y}, the month in ${m}, the day in ${d}: a tiny model misplacing or inventing digits (see the misses below; ` +
      "some copy a demo's date), which demos fix only partly.",
    ...searchNotes(r),
  ];
}

function searchNotes(r: RunResult): string[] {
  const rs = r.phases.find((p) => p.compile?.candidates.length);
  if (!rs) return [];
  const cands = rs.compile!.candidates;
  const withDemos = cands.filter((c) => c.kind !== 'zero-shot').map((c) => c.score);
  const chosen = cands[rs.compile!.bestIndex ?? 0]!;
  const notes = [
    `- On val, the candidates with demos score ${Math.min(...withDemos)}–${Math.max(...withDemos)}%: which demos matters, and random search keeps the best (seed ${chosen.seed}, ${chosen.kind}).`,
  ];
  if (chosen.seed === -1 && rs.dev.totals.lmCalls === 0) {
    notes.push(
      '- That winner (unshuffled bootstrap) is the program BootstrapFewShot builds with the same settings, so the dev run of the random-search program was answered from the LM cache (0 new calls).',
    );
  }
  return notes;
}
