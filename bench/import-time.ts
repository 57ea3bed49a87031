/**
 * Import time in a fresh process: `@dspy-ts/core` + `@dspy-ts/openai` (and a first string-signature
 * `Predict`) beside Ax, each in its own new `node` process, interleaved so machine noise hits all alike.
 * Reported per variant: the median `require` time measured inside the child (what a user's program
 * waits for before its first line runs) and the median wall time of the whole child process.
 *
 *   npx tsc -b && cd bench && npm install && npm run import-time      # RUNS=15 by default
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.RUNS ?? 15);

// Each child measures from its first line to after the requires (node's own start-up is not included).
const variants: { name: string; code: string }[] = [
  { name: 'node (empty)', code: '' },
  { name: '@dspy-ts/core', code: "require('@dspy-ts/core');" },
  { name: '@dspy-ts/core + @dspy-ts/openai', code: "require('@dspy-ts/core'); require('@dspy-ts/openai');" },
  {
    name: '@dspy-ts/core + @dspy-ts/openai + new Predict(string signature)',
    code: "const { Predict } = require('@dspy-ts/core'); require('@dspy-ts/openai'); new Predict('question -> answer');",
  },
  { name: '@ax-llm/ax', code: "require('@ax-llm/ax');" },
  {
    name: "@ax-llm/ax + ax('question:string -> answer:string')",
    code: "const { ax } = require('@ax-llm/ax'); ax('question:string -> answer:string');",
  },
];

function once(code: string): { requireMs: number; wallMs: number } {
  const script = `const t0 = performance.now(); ${code} process.stdout.write(String(performance.now() - t0));`;
  const t0 = process.hrtime.bigint();
  const out = execFileSync(process.execPath, ['-e', script], {
    cwd: __dirname,
    env: { ...process.env, AX_SKIP_SKILL_INSTALL: '1' },
  }).toString();
  return { requireMs: Number(out), wallMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.floor(s.length / 2)]! * 10) / 10;
};

function main(): void {
  const samples = new Map(variants.map((v) => [v.name, { requireMs: [] as number[], wallMs: [] as number[] }]));
  for (const v of variants) once(v.code); // warm the OS file cache
  for (let r = 0; r < RUNS; r++) {
    for (const v of variants) {
      const s = once(v.code);
      samples.get(v.name)!.requireMs.push(s.requireMs);
      samples.get(v.name)!.wallMs.push(s.wallMs);
    }
    process.stderr.write(`run ${r + 1}/${RUNS}\n`);
  }
  const results = variants.map((v) => ({
    name: v.name,
    requireMedianMs: median(samples.get(v.name)!.requireMs),
    processWallMedianMs: median(samples.get(v.name)!.wallMs),
  }));
  const ax = results.find((r) => r.name === '@ax-llm/ax')!.requireMedianMs;
  const ours = results.find((r) => r.name === '@dspy-ts/core + @dspy-ts/openai')!.requireMedianMs;
  const machine = {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    date: new Date().toISOString(),
  };
  const report = { machine, runs: RUNS, results, ratioCoreOpenaiToAx: Math.round((ours / ax) * 100) / 100 };
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const out = process.env.OUT ?? 'import-time';
  writeFileSync(join(__dirname, 'results', `${out}.json`), JSON.stringify(report, null, 2) + '\n');
  const md = [
    '# Import time in a fresh process',
    '',
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.date}; ${RUNS} interleaved runs, medians.`,
    '',
    '| variant | require (ms) | whole process (ms) |',
    '| --- | ---: | ---: |',
    ...results.map((r) => `| ${r.name} | ${r.requireMedianMs} | ${r.processWallMedianMs} |`),
    '',
    `@dspy-ts/core + @dspy-ts/openai vs @ax-llm/ax (require): ×${report.ratioCoreOpenaiToAx}`,
    '',
  ].join('\n');
  writeFileSync(join(__dirname, 'results', `${out}.md`), md);
  process.stdout.write(md);
}

main();
