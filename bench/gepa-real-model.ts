/**
 * GEPA on the embedded model (SmolLM2-135M-Instruct, CPU, in-process): compiles
 * `Predict('date -> iso_date')` with a small budget, the same 135M model reflecting on its own
 * failures, and compares dev accuracy with zero-shot and BootstrapFewShot. Data: data/dates.json.
 *
 *   npx tsc -b && bash scripts/fetch-model            # from the repo root, once
 *   cd bench && node -r ts-node/register/transpile-only gepa-real-model.ts
 *
 * Env: MODEL (a .gguf), TRAIN/VAL/DEV (20/15/40), BUDGET (metric calls, 120). Writes results/gepa-real-model.{json,md}.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Evaluate, Example, LmCache, Predict, signature, withSettings } from '@dspy-ts/core';
import { disposeLlamaCpp, LlamaCppLM } from '@dspy-ts/llama-cpp';
import { BootstrapFewShot, GEPA, type GepaMetric } from '@dspy-ts/optimizers';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const [TRAIN, VAL, DEV, BUDGET] = [env('TRAIN', 20), env('VAL', 15), env('DEV', 40), env('BUDGET', 120)];
const CONCURRENCY = 4;

type DateRow = { date: string; iso_date: string };
const all = (JSON.parse(readFileSync(join(__dirname, 'data/dates.json'), 'utf8')) as DateRow[]).map((r) =>
  new Example(r).withInputs('date'),
);
const trainset = all.slice(0, TRAIN);
const valset = all.slice(TRAIN, TRAIN + VAL);
const devset = all.slice(all.length - DEV);
const isoMatch = (e: Example<any>, p: { iso_date?: unknown }) => String(p.iso_date ?? '').trim() === e.iso_date;
const feedback: GepaMetric = (e, p) =>
  isoMatch(e, p)
    ? 1
    : {
        score: 0,
        feedback: `Expected '${e.iso_date}' (year-month-day, zero-padded, e.g. 2021-03-04) but got '${String(p.iso_date ?? '').trim()}'.`,
      };
const student = new Predict(signature('date -> iso_date', 'Rewrite the date in ISO 8601 format (YYYY-MM-DD).'));

async function main(): Promise<void> {
  const lm = new LlamaCppLM({
    modelPath: process.env.MODEL,
    cache: new LmCache({ disk: false }),
    temperature: 0,
    maxTokens: 48,
  });
  const reflectionLm = new LlamaCppLM({
    modelPath: process.env.MODEL,
    cache: new LmCache({ disk: false }),
    temperature: 0.7,
    maxTokens: 160,
  });
  await lm.load();
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const evaluate = new Evaluate({
    devset,
    metric: isoMatch,
    concurrency: CONCURRENCY,
    maxErrors: devset.length + 1,
    progress: false,
  });
  const run = <R>(fn: () => Promise<R>) => withSettings({ lm }, fn);
  const timed = async <R>(fn: () => Promise<R>) => {
    const t = performance.now();
    const result = await fn();
    return { result, ms: performance.now() - t };
  };

  const zero = await timed(() => run(() => evaluate.run(student)));
  log(`zero-shot dev ${zero.result.score}`);
  const bfs = await timed(() =>
    run(() =>
      new BootstrapFewShot({
        metric: isoMatch,
        maxBootstrappedDemos: 4,
        maxLabeledDemos: 8,
        concurrency: CONCURRENCY,
        maxErrors: 1000,
      }).compile(student, { trainset }),
    ),
  );
  const bfsDev = await run(() => evaluate.run(bfs.result.program));
  log(`BootstrapFewShot dev ${bfsDev.score}`);
  const gepa = await timed(() =>
    run(() =>
      new GEPA({
        metric: feedback,
        reflectionLm,
        maxMetricCalls: BUDGET,
        concurrency: CONCURRENCY,
        progress: false,
      }).compile(student, {
        trainset,
        valset,
      }),
    ),
  );
  const gepaDev = await run(() => evaluate.run(gepa.result.program));
  log(`GEPA dev ${gepaDev.score}`);
  const g = gepa.result.report.gepa;
  const reflections = g.trials.flatMap((t) =>
    (t.reflections ?? []).map((r) => ({
      iteration: t.iteration,
      accepted: t.accepted,
      instruction: t.instructions.self ?? '',
      raw: r.raw,
    })),
  );
  const result = {
    model: lm.model,
    machine: { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length },
    sizes: { train: TRAIN, val: VAL, dev: DEV, budget: BUDGET },
    zeroShot: { dev: zero.result.score, ms: zero.ms },
    bootstrapFewShot: { dev: bfsDev.score, compileLmCalls: bfs.result.report.lmCalls, compileMs: bfs.ms },
    gepa: {
      dev: gepaDev.score,
      compileLmCalls: gepa.result.report.lmCalls,
      compileMs: gepa.ms,
      metricCalls: g.totalMetricCalls,
      candidates: g.candidates.length,
      valScores: g.valAggregateScores,
      skipped: g.trials.filter((t) => t.skipped).map((t) => t.skipped),
      bestInstruction: gepa.result.program.signature.instructions,
      reflections,
    },
  };
  writeFileSync(join(__dirname, 'results/gepa-real-model.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(__dirname, 'results/gepa-real-model.md'), render(result));
  await disposeLlamaCpp();
}

function render(r: any): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
  return `# GEPA on the embedded model (${r.model})

\`cd bench && node -r ts-node/register/transpile-only gepa-real-model.ts\` (after \`npx tsc -b\` and \`bash scripts/fetch-model\`).
Task: \`Predict('date -> iso_date')\` on data/dates.json; train ${r.sizes.train}, val ${r.sizes.val}, dev ${r.sizes.dev};
GEPA budget ${r.sizes.budget} metric calls; the same 135M model is the task model and the reflection model
(temperature 0.7, 160 tokens). Machine: Node ${r.machine.node}, ${r.machine.cpu}, ${r.machine.cores} cores (shared).

| program | dev accuracy | compile LM calls | compile wall time |
|---|---|---|---|
| zero-shot | ${r.zeroShot.dev}% | – | – |
| BootstrapFewShot (4 bootstrapped + labeled demos) | ${r.bootstrapFewShot.dev}% | ${r.bootstrapFewShot.compileLmCalls} | ${s(r.bootstrapFewShot.compileMs)} |
| GEPA (instructions only) | ${r.gepa.dev}% | ${r.gepa.compileLmCalls} | ${s(r.gepa.compileMs)} |

GEPA: ${r.gepa.metricCalls} metric calls, ${r.gepa.candidates} candidate(s) in the pool, mean val scores ${JSON.stringify(r.gepa.valScores.map((x: number) => Math.round(x * 1000) / 1000))};
skipped iterations: ${JSON.stringify(r.gepa.skipped)}.

Best instruction found:

\`\`\`
${r.gepa.bestInstruction}
\`\`\`

What the 135M model wrote as reflections (first three):

${r.gepa.reflections
  .slice(0, 3)
  .map(
    (x: any) => `- iteration ${x.iteration}${x.accepted ? ' (accepted)' : ''}: ${JSON.stringify(x.raw.slice(0, 300))}`,
  )
  .join('\n')}
`;
}

void main();
