/**
 * Compiles SupportBot on the shipped support Q&A pairs and writes the JSON the service loads.
 *
 *   npx tsc -b && node apps/support-service/dist/scripts/compile.js [--out path] [--evaluate]
 *
 * The model is the service's (embedded by default; OLLAMA_HOST / DSPY_TS_MODEL switch it). A
 * stronger teacher gives better demos: OLLAMA_HOST=... OLLAMA_MODEL=qwen2.5:7b.
 * BootstrapFewShot runs the program on training questions and keeps the runs that pass
 * `supportMetric` (reply close to the reference, every step sane) as demos for every predictor,
 * topped up with reference pairs. `--evaluate` reports token F1 on the held-out pairs.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { createContainer, Evaluate, withSettings } from '@dspy-ts/core';
import { BootstrapFewShot } from '@dspy-ts/optimizers';
import { LmSettings } from '../src/config/lm-settings';
import { KnowledgeBase } from '../src/knowledge-base/knowledge-base';
import { PATHS } from '../src/paths';
import { SupportBot } from '../src/support-bot/support-bot.program';
import { supportExamples } from '../src/support-bot/support-examples';
import { supportMetric } from '../src/support-bot/support-metric';

async function main(argv: string[]): Promise<void> {
  const out = resolve(argValue(argv, '--out') ?? PATHS.compiledBot);
  const settings = LmSettings.fromEnv(process.env);
  const kb = KnowledgeBase.fromFile(PATHS.knowledgeBase);
  const bot = createContainer({ lm: settings.lm, adapter: settings.adapter, retriever: kb }).get(SupportBot);
  const { trainset, devset } = supportExamples();
  log(`model ${settings.lm?.model}, ${trainset.length} training pairs, ${devset.length} held out`);

  // Two teacher runs per predictor plus two reference replies (for tone) as demos. One run at a
  // time: the embedded model serves one generation at a time anyway.
  const optimizer = new BootstrapFewShot({
    metric: supportMetric,
    maxBootstrappedDemos: 2,
    maxLabeledDemos: 4,
    concurrency: 1,
  });
  const started = Date.now();
  // The container-resolved bot carries the LM; optimizers copy programs, so the LM is scoped too.
  const { program, report } = await withSettings({ lm: settings.lm, adapter: settings.adapter }, () =>
    optimizer.compile(bot, { trainset }),
  );
  log(`compiled in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(report.bootstrap)}`);
  await program.save(out);
  log(`wrote ${out}`);

  if (argv.includes('--evaluate')) {
    const evaluate = new Evaluate({ devset, metric: supportMetric, progress: false });
    await withSettings({ lm: settings.lm, adapter: settings.adapter }, async () => {
      log(
        `dev token F1: uncompiled ${(await evaluate.run(bot)).score}, compiled ${(await evaluate.run(program)).score}`,
      );
    });
  }
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function log(line: string): void {
  process.stderr.write(`compile: ${line}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`compile failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
