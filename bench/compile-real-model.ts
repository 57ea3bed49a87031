/**
 * Real-model proof for @dspy-ts/optimizers: compiles a `Predict('date -> iso_date')` program
 * with BootstrapFewShot and with BootstrapFewShotWithRandomSearch on the embedded model
 * (LlamaCppLM, CPU), and compares dev accuracy zero-shot vs compiled. Data: data/dates.json,
 * made by data/make-dataset.ts (dates in four written styles, seeded; nothing downloaded).
 *
 *   npx tsc -b && bash scripts/fetch-model            # from the repo root, once
 *   cd bench && node -r ts-node/register/transpile-only compile-real-model.ts
 *   DEV=40 VAL=20 CANDIDATES=1 node -r ts-node/register/transpile-only compile-real-model.ts   # quick run
 *
 * Writes results/compile-real-model.{json,md}. Env: MODEL (a .gguf; default the fetch-model one),
 * TRAIN/VAL/DEV sizes (50/30/100), CANDIDATES (shuffled random-search candidates, 2), OUT (results file stem).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluate, type EvaluationResult, Example, LmCache, Predict, signature, withSettings } from '@dspy-ts/core';
import { LlamaCppLM, disposeLlamaCpp } from '@dspy-ts/llama-cpp';
import { BootstrapFewShot, BootstrapFewShotWithRandomSearch, type OptimizerReport } from '@dspy-ts/optimizers';
import { machine, renderMarkdown, type Phase } from './compile-real-model.report';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const [TRAIN, VAL, DEV, CANDIDATES] = [env('TRAIN', 50), env('VAL', 30), env('DEV', 100), env('CANDIDATES', 2)];
const CONCURRENCY = 4; // one llama.cpp sequence serves them in order; a small queue keeps it busy

type DateRow = { date: string; iso_date: string };
const all = (JSON.parse(readFileSync(join(__dirname, 'data/dates.json'), 'utf8')) as DateRow[]).map((r) =>
  new Example(r).withInputs('date'),
);
const trainset = all.slice(0, TRAIN);
const valset = all.slice(TRAIN, TRAIN + VAL);
const devset = all.slice(all.length - DEV);

/** Strict: the reply must be the ISO date itself (surrounding whitespace aside). */
function isoMatch(example: Example<any>, prediction: { iso_date?: unknown }): boolean {
  return String(prediction.iso_date ?? '').trim() === example.iso_date;
}

const student = new Predict(signature('date -> iso_date', 'Rewrite the date in ISO 8601 format (YYYY-MM-DD).'));

async function main(): Promise<void> {
  if (process.env.RENDER) return rerender(join(__dirname, 'results', process.env.OUT ?? 'compile-real-model'));
  const lm = new LlamaCppLM({
    modelPath: process.env.MODEL,
    cache: new LmCache({ disk: false }),
    temperature: 0,
    maxTokens: 48,
  });
  await lm.load();
  const started = performance.now();
  const evaluate = new Evaluate({
    devset,
    metric: isoMatch,
    concurrency: CONCURRENCY,
    maxErrors: devset.length + 1,
    progress: 'auto',
  });
  const phases: Phase[] = [];
  const run = <R>(fn: () => Promise<R>) => withSettings({ lm }, fn);

  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(`${lm.model}: train ${trainset.length}, val ${valset.length}, dev ${devset.length}`);
  const zero = await run(() => evaluate.run(student));
  phases.push({ name: 'zero-shot', dev: devStats(zero) });
  log(`zero-shot dev ${zero.score}`);

  const common = {
    metric: isoMatch,
    maxBootstrappedDemos: 4,
    maxLabeledDemos: 8,
    concurrency: CONCURRENCY,
    maxErrors: 1000,
  };
  const bfs = await run(() => new BootstrapFewShot(common).compile(student, { trainset }));
  const bfsDev = await run(() => evaluate.run(bfs.program));
  phases.push({ name: 'BootstrapFewShot', compile: bfs.report, dev: devStats(bfsDev), demos: bfs.program.demos });
  log(`BootstrapFewShot dev ${bfsDev.score} (compile ${bfs.report.lmCalls} calls)`);

  const rs = await run(() =>
    new BootstrapFewShotWithRandomSearch({
      ...common,
      numCandidatePrograms: CANDIDATES,
      onCandidate: (c) => log(`  candidate ${c.seed} (${c.kind}): val ${c.score}`),
    }).compile(student, {
      trainset,
      valset,
    }),
  );
  const rsDev = await run(() => evaluate.run(rs.program));
  phases.push({
    name: 'BootstrapFewShotWithRandomSearch',
    compile: rs.report,
    dev: devStats(rsDev),
    demos: rs.program.demos,
  });
  log(`random search dev ${rsDev.score} (compile ${rs.report.lmCalls} calls)`);

  const envs = ['MODEL', 'TRAIN', 'VAL', 'DEV', 'CANDIDATES', 'OUT']
    .filter((k) => process.env[k])
    .map((k) => `${k}=${process.env[k]} `)
    .join('');
  const command = `cd bench && ${envs}node -r ts-node/register/transpile-only compile-real-model.ts`;
  const result = {
    model: lm.model,
    machine: machine(),
    command,
    sizes: { train: TRAIN, val: VAL, dev: DEV, candidates: CANDIDATES },
    wallMs: performance.now() - started,
    phases,
  };
  const stem = join(__dirname, 'results', process.env.OUT ?? 'compile-real-model');
  writeFileSync(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${stem}.md`, renderMarkdown(result));
  log(`wrote ${stem}.md`);
  await disposeLlamaCpp();
}

/** RENDER=1: rewrites the .md from the saved .json (after a change to the report's layout), no model run. */
function rerender(stem: string): void {
  writeFileSync(`${stem}.md`, renderMarkdown(JSON.parse(readFileSync(`${stem}.json`, 'utf8'))));
}

/**
 * Dev score plus how it failed: rows that did not parse at all, rows ChatAdapter could not parse
 * and the JSON fallback rescued (2 LM calls), replies that are not a YYYY-MM-DD date (the
 * `{iso_date}` placeholder copied back, prose...), and well-formed but wrong dates.
 */
function devStats(result: EvaluationResult<any, any>) {
  const answered = result.rows.filter((r) => r.prediction !== undefined);
  const notIso = answered.filter((r) => !/^\d{4}-\d{2}-\d{2}$/.test(String(r.prediction.iso_date ?? '').trim()));
  return {
    score: result.score,
    totals: result.totals,
    parseFailures: result.rows.length - answered.length,
    jsonFallbacks: result.rows.filter((r) => r.lmCalls > 1).length,
    placeholder: answered.filter((r) => String(r.prediction.iso_date).includes('{')).length,
    notIso: notIso.length,
    wrongDate: answered.length - notIso.length - result.rows.filter((r) => r.score === 1).length,
    // Which part of a well-formed but wrong date is off (a row can count in several).
    wrongPart: ['year', 'month', 'day'].map(
      (_, i) =>
        answered.filter(
          (r) =>
            r.score !== 1 &&
            /^\d{4}-\d{2}-\d{2}$/.test(String(r.prediction.iso_date).trim()) &&
            String(r.prediction.iso_date).trim().split('-')[i] !== r.example.iso_date.split('-')[i],
        ).length,
    ),
    samples: result.rows
      .filter((r) => r.score !== 1)
      .slice(0, 3)
      .map((r) => [r.example.date, r.prediction?.iso_date ?? null]),
  };
}

export type DevStats = ReturnType<typeof devStats>;
export type { OptimizerReport };

void main().catch(async (error: unknown) => {
  console.error(error);
  await disposeLlamaCpp();
  process.exit(1);
});
