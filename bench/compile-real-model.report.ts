/** Markdown and machine facts for compile-real-model.ts. */
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
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
  machine: ReturnType<typeof machine>;
  sizes: { train: number; val: number; dev: number; candidates: number };
  wallMs: number;
  phases: Phase[];
}

export function machine() {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux: os.cpus() model
  }
  return { node: process.version, cpu, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function renderMarkdown(r: RunResult): string {
  const lines = [
    '# Compiling a program on a real model (embedded llama.cpp, CPU)',
    '',
    `Model \`${r.model}\`; Node ${r.machine.node}; ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB.`,
    `Task: \`Predict('date -> iso_date')\` ("Rewrite the date in ISO 8601 format (YYYY-MM-DD)."), strict exact match, on bench/data/dates.json (200 rows made by bench/data/make-dataset.ts).`,
    `Split: train ${r.sizes.train}, val ${r.sizes.val} (random search selects on it), dev ${r.sizes.dev} (reported); ${r.sizes.candidates} shuffled random-search candidates.`,
    `Total wall time ${s(r.wallMs)}. Command: \`cd bench && node -r ts-node/register/transpile-only compile-real-model.ts\` (after \`npx tsc -b\`).`,
    '',
    '| program | dev accuracy | no parse | JSON fallback used | not YYYY-MM-DD (of which `{iso_date}` copied) | wrong date | compile LM calls | compile tokens | compile time | dev LM calls | dev time |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const p of r.phases) {
    const c = p.compile;
    lines.push(
      `| ${p.name} | ${p.dev.score}% | ${p.dev.parseFailures} | ${p.dev.jsonFallbacks} | ${p.dev.notIso} (${p.dev.placeholder}) | ${p.dev.wrongDate} | ${c ? c.lmCalls : '-'} | ${c ? c.tokens.totalTokens : '-'} | ${c ? s(c.durationMs) : '-'} | ${p.dev.totals.lmCalls} | ${s(p.dev.totals.durationMs)} |`,
    );
  }
  for (const p of r.phases.filter((x) => x.compile?.candidates.length)) {
    lines.push('', `## ${p.name} candidates (val accuracy)`, '', '| seed | kind | val | demos | LM calls | time | chosen |', '|---:|---|---:|---:|---:|---:|---|');
    p.compile!.candidates.forEach((c, i) =>
      lines.push(`| ${c.seed} | ${c.kind} | ${c.score}% | ${Object.values(c.demos).join('+')} | ${c.lmCalls} | ${s(c.durationMs)} | ${i === p.compile!.bestIndex ? 'yes' : ''} |`),
    );
  }
  for (const p of r.phases.filter((x) => x.compile?.bootstrap)) {
    const b = p.compile!.bootstrap!;
    lines.push('', `${p.name} bootstrapping: ${b.attempts} teacher runs, ${b.bootstrapped} traces kept, ${b.errors} errors${b.firstError ? ` (first: ${b.firstError.slice(0, 160)})` : ''}.`);
  }
  for (const p of r.phases.filter((x) => x.demos?.length)) {
    lines.push('', `${p.name} demos: ${p.demos!.map((d) => `${d.augmented ? '[bootstrapped] ' : ''}"${String(d.date)}" → ${String(d.iso_date)}`).join('; ')}`);
  }
  for (const p of r.phases) lines.push('', `${p.name} misses (first 3): ${p.dev.samples.map(([a, b]) => `"${a}" → ${JSON.stringify(b)}`).join('; ') || 'none'}`);
  return `${lines.join('\n')}\n`;
}
