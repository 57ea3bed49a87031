import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChainOfThought,
  ChatAdapter,
  Evaluate,
  type EvaluationResult,
  getSignature,
  type LanguageModel,
  Predict,
  trackUsage,
  withSettings,
} from '@dspy-ts/core';
import { BootstrapFewShot } from '@dspy-ts/optimizers';
import { isoMatch, loadDates } from './data';
import { IsoDate } from './signatures';

export interface QuickstartOptions {
  /** Held-out rows scored before and after compiling (default all 20). */
  devSize?: number;
  /** Where the compiled program is saved (default a new temp folder). */
  saveDir?: string;
}

/**
 * The demo: a task the model fails zero-shot (`IsoDate`), compiled with BootstrapFewShot on the
 * shipped training rows, scored on held-out rows before and after, saved, reloaded, and its exact
 * prompt printed; then a string signature with ChainOfThought.
 */
export async function runQuickstart(
  lm: LanguageModel,
  log: (line: string) => void = console.log,
  options: QuickstartOptions = {},
): Promise<void> {
  const started = performance.now();
  const { trainset, devset: all } = loadDates();
  const devset = all.slice(0, options.devSize ?? all.length);
  const adapter = new ChatAdapter();
  await withSettings({ lm, adapter }, async () => {
    log(`Model: ${lm.model}`);
    log(
      `Task: the class signature IsoDate ('${getSignature(IsoDate).instructions}'), ${trainset.length} training rows,`,
    );
    log(`${devset.length} held-out rows, exact match (apps/quickstart/data/dates.json).\n`);

    // An ISO date needs about 20 tokens; a cap keeps zero-shot rambling (before compiling) short.
    const config = { maxTokens: 32 };
    const program = new Predict(IsoDate, config);
    const evaluate = new Evaluate({ devset, metric: isoMatch, concurrency: 4, maxErrors: devset.length + 1 });
    const before = await evaluate.run(program);
    log(`1. Zero-shot: ${score(before)}`);
    log(`   e.g. ${sample(before)}\n`);

    const optimizer = new BootstrapFewShot({ metric: isoMatch, maxBootstrappedDemos: 4, maxLabeledDemos: 4 });
    const { program: compiled, report } = await optimizer.compile(program, { trainset });
    log(
      `2. Compiled with BootstrapFewShot: ${compiled.demos.length} demos ` +
        `(${report.lmCalls} LM calls, ${(report.durationMs / 1000).toFixed(1)} s)`,
    );
    const after = await evaluate.run(compiled);
    log(`   Compiled: ${score(after)}`);
    log(`   e.g. ${sample(after)}\n`);

    const dir = options.saveDir ?? mkdtempSync(join(tmpdir(), 'dspy-ts-quickstart-'));
    const file = join(dir, 'iso-date.json');
    await compiled.save(file);
    const reloaded = await new Predict(IsoDate, config).load(file);
    const probe = devset[0]!;
    const again = await reloaded.call({ date: probe.date });
    log(`3. Saved to ${file} and loaded into a new Predict(IsoDate) (${reloaded.demos.length} demos):`);
    log(`   "${probe.date}" → ${again.iso_date}\n`);

    log('4. The exact prompt the compiled program sends (ChatAdapter, as DSPy formats it):');
    for (const m of adapter.format(getSignature(IsoDate), reloaded.demos, { date: probe.date })) {
      log(`   [${m.role}] ${String(m.content).split('\n').join('\n     ')}`);
    }

    const qa = new ChainOfThought('question -> answer');
    const { result, usage } = await trackUsage(() => qa.call({ question: 'What is the capital of France?' }));
    log(`\n5. A string signature: new ChainOfThought('question -> answer')`);
    log(`   "What is the capital of France?" → reasoning: ${oneLine(result.reasoning)}`);
    log(`   answer: ${oneLine(result.answer)} (${usage.total().totalTokens} tokens)`);
    log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  });
}

function score(r: EvaluationResult): string {
  const t = r.totals;
  const cached = t.cacheHits ? `, ${t.cacheHits} from the LM cache` : '';
  return `${r.score}% (${t.lmCalls} LM calls${cached}, ${(t.durationMs / 1000).toFixed(1)} s)`;
}

function sample(r: EvaluationResult): string {
  return r.rows
    .slice(0, 3)
    .map(
      (row) =>
        `"${row.example.date}" → ${row.prediction ? oneLine((row.prediction as { iso_date?: unknown }).iso_date) : 'error'}`,
    )
    .join('; ');
}

function oneLine(v: unknown): string {
  const s = String(v ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
