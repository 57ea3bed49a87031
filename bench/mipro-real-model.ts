/**
 * Real-model run for MIPROv2: compiles `Predict('date -> iso_date')` on the embedded SmolLM2-135M
 * (LlamaCppLM, CPU) with MIPROv2 on a small explicit budget, the same model proposing the
 * instructions (up to 160 tokens; task answers up to 48), and compares dev accuracy with zero-shot and BootstrapFewShot.
 *
 *   npx tsc -b && bash scripts/fetch-model            # from the repo root, once
 *   cd bench && node -r ts-node/register/transpile-only mipro-real-model.ts
 *
 * Env: MODEL, TRAIN/VAL/DEV (30/20/40), TRIALS (6), CANDIDATES (3). Writes results/mipro-real-model.{json,md}.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluate, Example, LmCache, Predict, signature, withSettings } from '@dspy-ts/core';
import { disposeLlamaCpp, LlamaCppLM } from '@dspy-ts/llama-cpp';
import { BootstrapFewShot, MIPROv2, type OptimizerReport } from '@dspy-ts/optimizers';
import { machine } from './compile-real-model.report';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const [TRAIN, VAL, DEV, TRIALS, CANDIDATES] = [
  env('TRAIN', 30),
  env('VAL', 20),
  env('DEV', 40),
  env('TRIALS', 6),
  env('CANDIDATES', 3),
];
type DateRow = { date: string; iso_date: string };
const all = (JSON.parse(readFileSync(join(__dirname, 'data/dates.json'), 'utf8')) as DateRow[]).map((r) =>
  new Example(r).withInputs('date'),
);
const trainset = all.slice(0, TRAIN);
const valset = all.slice(TRAIN, TRAIN + VAL);
const devset = all.slice(all.length - DEV);
const isoMatch = (e: Example<any>, p: { iso_date?: unknown }) => String(p.iso_date ?? '').trim() === e.iso_date;
const student = new Predict(signature('date -> iso_date', 'Rewrite the date in ISO 8601 format (YYYY-MM-DD).'));
const log = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<void> {
  if (process.env.RENDER) return render();
  // Task calls: short answers (ChatAdapter's end marker stops them); the proposer writes longer text.
  const cache = new LmCache({ disk: false });
  const lm = new LlamaCppLM({ modelPath: process.env.MODEL, cache, temperature: 0, maxTokens: 48 });
  const promptModel = new LlamaCppLM({ modelPath: process.env.MODEL, cache, temperature: 0, maxTokens: 160 });
  await lm.load();
  const started = performance.now();
  const evaluate = new Evaluate({ devset, metric: isoMatch, concurrency: 4, maxErrors: DEV + 1, progress: false });
  const run = <R>(fn: () => Promise<R>) => withSettings({ lm }, fn);
  const phases: {
    name: string;
    dev: number;
    compile?: Pick<OptimizerReport, 'lmCalls' | 'durationMs' | 'tokens'>;
    instruction?: string;
  }[] = [];
  const brief = (r: OptimizerReport) => ({
    lmCalls: r.lmCalls,
    durationMs: Math.round(r.durationMs),
    tokens: r.tokens,
  });

  const zero = await run(() => evaluate.run(student));
  phases.push({ name: 'zero-shot', dev: zero.score, instruction: student.signature.instructions });
  log(`zero-shot dev ${zero.score}`);

  const common = { metric: isoMatch, maxBootstrappedDemos: 4, maxLabeledDemos: 4, concurrency: 4, maxErrors: 1000 };
  const bfs = await run(() => new BootstrapFewShot({ ...common, progress: false }).compile(student, { trainset }));
  const bfsDev = await run(() => evaluate.run(bfs.program));
  phases.push({ name: 'BootstrapFewShot', dev: bfsDev.score, compile: brief(bfs.report) });
  log(`BootstrapFewShot dev ${bfsDev.score}`);

  const mipro = await run(() =>
    new MIPROv2({
      ...common,
      auto: null,
      numCandidates: CANDIDATES,
      numTrials: TRIALS,
      minibatch: false,
      promptModel,
      progress: false,
      onTrial: (t) => log(`  trial ${t.index} ${t.kind} ${JSON.stringify(t.params)} val ${t.fullScore}`),
    }).compile(student, { trainset, valset }),
  );
  const miproDev = await run(() => evaluate.run(mipro.program));
  phases.push({
    name: 'MIPROv2',
    dev: miproDev.score,
    compile: brief(mipro.report),
    instruction: mipro.program.signature.instructions,
  });
  log(`MIPROv2 dev ${miproDev.score}`);

  const result = {
    model: lm.model,
    machine: machine(),
    command: 'cd bench && node -r ts-node/register/transpile-only mipro-real-model.ts',
    sizes: { train: TRAIN, val: VAL, dev: DEV, trials: TRIALS, candidates: CANDIDATES },
    wallMs: Math.round(performance.now() - started),
    phases,
    instructionCandidates: mipro.report.instructionCandidates,
    trials: mipro.report.trials,
  };
  writeFileSync(join(__dirname, 'results/mipro-real-model.json'), `${JSON.stringify(result, null, 2)}\n`);
  log('wrote results/mipro-real-model.json');
  render();
  await disposeLlamaCpp();
}

/** results/mipro-real-model.md from the .json (RENDER=1 re-renders without a model run). */
function render(): void {
  const r = JSON.parse(readFileSync(join(__dirname, 'results/mipro-real-model.json'), 'utf8'));
  const rows = r.phases.map(
    (p: any) =>
      `| ${p.name} | ${p.dev} | ${p.compile ? p.compile.lmCalls : '–'} | ${p.compile ? (p.compile.durationMs / 1000).toFixed(0) + ' s' : '–'} | ${String(
        p.instruction ?? '(demos only)',
      )
        .replace(/\|/g, '\\|')
        .replace(/\n/g, ' ')} |`,
  );
  const candidates = Object.values(r.instructionCandidates as Record<string, string[]>)[0] ?? [];
  const md = [
    `# MIPROv2 on the embedded model (${r.model})`,
    '',
    `\`Predict('date -> iso_date')\` on bench/data/dates.json: train ${r.sizes.train}, val ${r.sizes.val}, dev ${r.sizes.dev};`,
    `MIPROv2 \`auto: null, numCandidates: ${r.sizes.candidates}, numTrials: ${r.sizes.trials}, minibatch: false\`, the same 135M model as proposer.`,
    `Command: \`${r.command}\`. Machine: ${r.machine.cpu}, ${r.machine.cores} cores shared with other jobs (load ${r.machine.loadAverage?.toFixed?.(1) ?? '?'}), total wall time ${(r.wallMs / 60000).toFixed(1)} min.`,
    '',
    '| program | dev accuracy (%) | compile LM calls | compile time | instruction |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    'Instruction candidates the 135M proposer wrote (index 0 is the original):',
    '',
    ...candidates.map((c: string, i: number) => `${i}. ${JSON.stringify(c)}`),
    '',
    ...(r.notes ? ['## Reading', '', ...r.notes.flatMap((n: string) => [`- ${n}`]), ''] : []),
  ].join('\n');
  writeFileSync(join(__dirname, 'results/mipro-real-model.md'), md);
}

void main();
