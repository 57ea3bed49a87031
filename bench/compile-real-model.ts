/**
 * Real-model proof for @dspy-ts/optimizers: compiles a `Predict('review -> sentiment')` program
 * with BootstrapFewShot and with BootstrapFewShotWithRandomSearch on the embedded model
 * (LlamaCppLM, CPU), and compares dev accuracy zero-shot vs compiled. Data: data/reviews.json,
 * made by data/make-dataset.ts (templated reviews, seeded; nothing downloaded).
 *
 *   npx tsc -b && bash scripts/fetch-model            # from the repo root, once
 *   cd bench && node -r ts-node/register/transpile-only compile-real-model.ts
 *   DEV=40 VAL=20 CANDIDATES=1 node -r ts-node/register/transpile-only compile-real-model.ts   # quick run
 *
 * Writes results/compile-real-model.{json,md}. Env: MODEL (a .gguf; default the fetch-model one),
 * TRAIN/VAL/DEV sizes (50/50/100), CANDIDATES (shuffled random-search candidates, 3), OUT (results file stem).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluate, type EvaluationResult, Example, LmCache, normalizeText, Predict, signature, withSettings } from '@dspy-ts/core';
import { LlamaCppLM, disposeLlamaCpp } from '@dspy-ts/llama-cpp';
import { BootstrapFewShot, BootstrapFewShotWithRandomSearch, type OptimizerReport } from '@dspy-ts/optimizers';
import { machine, renderMarkdown, type Phase } from './compile-real-model.report';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const [TRAIN, VAL, DEV, CANDIDATES] = [env('TRAIN', 50), env('VAL', 50), env('DEV', 100), env('CANDIDATES', 3)];
const CONCURRENCY = 4; // one llama.cpp sequence serves them in order; a small queue keeps it busy

type Review = { review: string; sentiment: string };
const all = (JSON.parse(readFileSync(join(__dirname, 'data/reviews.json'), 'utf8')) as Review[]).map((r) => new Example(r).withInputs('review'));
const trainset = all.slice(0, TRAIN);
const valset = all.slice(TRAIN, TRAIN + VAL);
const devset = all.slice(all.length - DEV);

/** Right when the predicted label, normalized (case, punctuation), is the gold one. */
function sentimentMatch(example: Example<any>, prediction: { sentiment?: unknown }): boolean {
  return normalizeText(String(prediction.sentiment ?? '')) === example.sentiment;
}

const student = new Predict(signature('review -> sentiment', 'Classify the sentiment of a product review as positive or negative.'));

async function main(): Promise<void> {
  const lm = new LlamaCppLM({ modelPath: process.env.MODEL, cache: new LmCache({ disk: false }), temperature: 0, maxTokens: 48 });
  await lm.load();
  const started = performance.now();
  const evaluate = new Evaluate({ devset, metric: sentimentMatch, concurrency: CONCURRENCY, maxErrors: devset.length + 1, progress: 'auto' });
  const phases: Phase[] = [];
  const run = <R>(fn: () => Promise<R>) => withSettings({ lm }, fn);

  const log = (s: string) => process.stderr.write(`${s}\n`);
  log(`${lm.model}: train ${trainset.length}, val ${valset.length}, dev ${devset.length}`);
  const zero = await run(() => evaluate.run(student));
  phases.push({ name: 'zero-shot', dev: devStats(zero) });
  log(`zero-shot dev ${zero.score}`);

  const common = { metric: sentimentMatch, maxBootstrappedDemos: 4, maxLabeledDemos: 8, concurrency: CONCURRENCY, maxErrors: 1000 };
  const bfs = await run(() => new BootstrapFewShot(common).compile(student, { trainset }));
  const bfsDev = await run(() => evaluate.run(bfs.program));
  phases.push({ name: 'BootstrapFewShot', compile: bfs.report, dev: devStats(bfsDev), demos: bfs.program.demos });
  log(`BootstrapFewShot dev ${bfsDev.score} (compile ${bfs.report.lmCalls} calls)`);

  const rs = await run(() =>
    new BootstrapFewShotWithRandomSearch({ ...common, numCandidatePrograms: CANDIDATES, onCandidate: (c) => log(`  candidate ${c.seed} (${c.kind}): val ${c.score}`) }).compile(student, {
      trainset,
      valset,
    }),
  );
  const rsDev = await run(() => evaluate.run(rs.program));
  phases.push({ name: 'BootstrapFewShotWithRandomSearch', compile: rs.report, dev: devStats(rsDev), demos: rs.program.demos });
  log(`random search dev ${rsDev.score} (compile ${rs.report.lmCalls} calls)`);

  const result = { model: lm.model, machine: machine(), sizes: { train: TRAIN, val: VAL, dev: DEV, candidates: CANDIDATES }, wallMs: performance.now() - started, phases };
  const stem = join(__dirname, 'results', process.env.OUT ?? 'compile-real-model');
  writeFileSync(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${stem}.md`, renderMarkdown(result));
  log(`wrote ${stem}.md`);
  await disposeLlamaCpp();
}

/** Dev score plus what went wrong: replies that did not parse, and labels outside the two classes. */
function devStats(result: EvaluationResult<any, any>) {
  const failed = result.rows.filter((r) => r.errorKind !== undefined);
  const offLabel = result.rows.filter((r) => r.prediction && !['positive', 'negative'].includes(normalizeText(String(r.prediction.sentiment ?? ''))));
  const predictedPositive = result.rows.filter((r) => r.prediction && normalizeText(String(r.prediction.sentiment ?? '')) === 'positive').length;
  return { score: result.score, totals: result.totals, formatFailures: failed.length, offLabel: offLabel.length, predictedPositive, goldPositive: result.rows.filter((r) => r.example.sentiment === 'positive').length };
}

export type DevStats = ReturnType<typeof devStats>;
export type { OptimizerReport };

main().catch(async (error: unknown) => {
  console.error(error);
  await disposeLlamaCpp();
  process.exit(1);
});
