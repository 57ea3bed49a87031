import {
  type Adapter,
  createContainer,
  Evaluate,
  JSONAdapter,
  type LanguageModel,
  type LmUsage,
  type ProgressSetting,
  withSettings,
} from '@dspy-ts/core';
import { BootstrapFewShot, type OptimizerReport } from '@dspy-ts/optimizers';
import { BM25Retriever } from '@dspy-ts/retrievers/bm25';
import { type CorpusPassage, loadCorpus, loadQuestions, type QAExample, toDocuments } from './corpus';
import { answerMatch, conciseAnswer, goldPassageRecall, passageMatch } from './metrics';
import { MULTI_HOP_OPTIONS, MultiHopQA, type MultiHopOptions } from './multi-hop';
import { PATHS } from './paths';

/**
 * What one before/after run uses. Defaults fit the embedded 135M model on 2 CPU cores: a few
 * minutes for 30 dev and 20 train questions.
 *
 * @example
 * await runExperiment({ lm: new LlamaCppLM(), dev: 8, train: 8, savePath: 'compiled/multi-hop.json' });
 */
export interface ExperimentOptions {
  readonly lm: LanguageModel;
  /** Default `JSONAdapter`: the embedded LM turns its schema into a grammar, so every reply parses. */
  readonly adapter?: Adapter;
  /** Dev questions scored before and after compiling. Default 30. */
  readonly dev?: number;
  /** Train questions BootstrapFewShot runs the teacher on. Default 20. */
  readonly train?: number;
  /** Programs in flight at once. Default 1: the embedded LM runs one call at a time anyway. */
  readonly concurrency?: number;
  readonly multiHop?: MultiHopOptions;
  /** Teacher traces kept as demos per predictor. Default 2 (each holds ~6 passages: context budget). */
  readonly maxBootstrappedDemos?: number;
  /** Demos per predictor in all, topped up with labeled question → answer pairs. Default 4. */
  readonly maxLabeledDemos?: number;
  /** Where the compiled program is saved (and loaded back from to be scored). Default compiled/multi-hop.json. */
  readonly savePath?: string;
  readonly progress?: ProgressSetting;
  readonly log?: (line: string) => void;
}

/**
 * Dev scores of one program (percentages) and what scoring it cost.
 *
 * @example
 * const { zeroShot, compiled } = await runExperiment({ lm });
 * compiled.exactMatch - zeroShot.exactMatch; // what compiling gained
 */
export interface PhaseScores {
  /** Answer exact match (aliases allowed), the headline score. */
  readonly exactMatch: number;
  /** Some retrieved passage holds the answer (DSPy's answer_passage_match). */
  readonly passageMatch: number;
  /** Share of the two supporting passages retrieved. */
  readonly goldRecall: number;
  /** Answers of 1 to 5 words, as the answer field asks. */
  readonly concise: number;
  readonly errors: number;
  /** The first failed row's error, as text (a small model's cut-off replies show up here). */
  readonly firstError?: string;
  readonly lmCalls: number;
  readonly cacheHits: number;
  readonly tokens: LmUsage;
  readonly durationMs: number;
}

/**
 * Everything one run measured, and the compiled program.
 *
 * @example
 * const result = await runExperiment({ lm });
 * console.log(formatReport(result));
 */
export interface ExperimentResult {
  readonly model: string;
  readonly adapter: string;
  readonly sizes: { readonly passages: number; readonly train: number; readonly dev: number };
  readonly zeroShot: PhaseScores;
  readonly compiled: PhaseScores;
  readonly compile: OptimizerReport;
  /** Demos per predictor of the compiled program, and how many of them are teacher traces. */
  readonly demos: Readonly<Record<string, { readonly total: number; readonly bootstrapped: number }>>;
  /** The compiled program as loaded back from `savedTo`. */
  readonly program: MultiHopQA;
  readonly savedTo: string;
  readonly wallMs: number;
}

/**
 * Reply budgets that keep the 135M model's rambling short without cutting off most answers.
 *
 * @example
 * await runExperiment({ lm, multiHop: { ...DEFAULT_MULTI_HOP, passagesPerHop: 5 } });
 */
export const DEFAULT_MULTI_HOP: MultiHopOptions = {
  maxHops: 2,
  passagesPerHop: 3,
  queryMaxTokens: 64,
  answerMaxTokens: 80,
};

/**
 * Builds the BM25 index, scores the zero-shot MultiHopQA on dev, compiles it with BootstrapFewShot
 * on train, saves it, loads it back and scores that on dev.
 *
 * @example
 * const r = await runExperiment({ lm });
 * console.log(r.zeroShot.exactMatch, '→', r.compiled.exactMatch);
 */
export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const { lm, concurrency = 1, progress = 'auto' } = options;
  const adapter = options.adapter ?? new JSONAdapter();
  const corpus = loadCorpus();
  const { trainset, devset } = loadQuestions({ train: options.train ?? 20, dev: options.dev ?? 30 });
  const retriever = BM25Retriever.fromDocuments(toDocuments(corpus), { stopwords: 'eng' });
  const container = createContainer({ lm, adapter, retriever });
  container.bind(MULTI_HOP_OPTIONS).toConstantValue({ ...DEFAULT_MULTI_HOP, ...options.multiHop });
  const student = container.get(MultiHopQA);
  const savedTo = options.savePath ?? PATHS.compiled;
  log(
    `${lm.model} with ${adapter.constructor.name}: ${corpus.length} passages, ${trainset.length} train, ${devset.length} dev questions`,
  );

  // Optimizers copy the program; the scope makes sure every copy reaches the same LM and adapter.
  return withSettings({ lm, adapter }, async () => {
    const zeroShot = await score(student, devset, corpus, concurrency, progress);
    log(`zero-shot dev: exact match ${zeroShot.exactMatch}%, passage match ${zeroShot.passageMatch}%`);

    const optimizer = new BootstrapFewShot({
      metric: answerMatch,
      maxBootstrappedDemos: options.maxBootstrappedDemos ?? 2,
      maxLabeledDemos: options.maxLabeledDemos ?? 4,
      concurrency,
      maxErrors: trainset.length + 1, // a small model's failed runs are expected; never abort compiling
    });
    const { program, report } = await optimizer.compile(student, { trainset });
    await program.save(savedTo);
    const loaded = await container.get(MultiHopQA).load(savedTo);
    const demos = Object.fromEntries(
      loaded
        .namedPredictors()
        .map(([name, p]) => [
          name,
          { total: p.demos.length, bootstrapped: p.demos.filter((d) => d.augmented === true).length },
        ]),
    );
    log(`compiled: ${JSON.stringify(report.bootstrap)}, demos ${JSON.stringify(demos)}, saved to ${savedTo}`);

    const compiled = await score(loaded, devset, corpus, concurrency, progress);
    log(`compiled dev: exact match ${compiled.exactMatch}%, passage match ${compiled.passageMatch}%`);
    const sizes = { passages: corpus.length, train: trainset.length, dev: devset.length };
    return {
      model: lm.model,
      adapter: adapter.constructor.name,
      sizes,
      zeroShot,
      compiled,
      compile: report,
      demos,
      program: loaded,
      savedTo,
      wallMs: performance.now() - started,
    };
  });
}

/** One Evaluate pass for exact match; retrieval metrics are read off the same predictions (no more LM calls). */
async function score(
  program: MultiHopQA,
  devset: readonly QAExample[],
  corpus: readonly CorpusPassage[],
  concurrency: number,
  progress: ProgressSetting,
): Promise<PhaseScores> {
  const result = await new Evaluate({
    devset,
    metric: answerMatch,
    concurrency,
    progress,
    maxErrors: devset.length + 1,
  }).run(program);
  const recall = goldPassageRecall(corpus);
  const percent = (f: (row: (typeof result.rows)[number]) => number) =>
    Math.round((10_000 * result.rows.reduce((s, r) => s + f(r), 0)) / result.rows.length) / 100;
  const { lmCalls, cacheHits, tokens, durationMs, errors } = result.totals;
  const failed = result.rows.find((r) => r.error !== undefined)?.error;
  return {
    ...(failed === undefined ? {} : { firstError: failed instanceof Error ? failed.message : String(failed) }),
    exactMatch: result.score,
    passageMatch: percent((r) => (r.prediction && passageMatch(r.example, r.prediction) ? 1 : 0)),
    goldRecall: percent((r) => (r.prediction ? recall(r.example, r.prediction) : 0)),
    concise: percent((r) => (r.prediction && conciseAnswer(r.prediction) ? 1 : 0)),
    errors,
    lmCalls,
    cacheHits,
    tokens,
    durationMs,
  };
}
