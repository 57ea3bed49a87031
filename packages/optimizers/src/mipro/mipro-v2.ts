import { ObserveCompile } from '@dspy-ts/core/provider-kit';
import {
  type Demo,
  DspyError,
  Example,
  type LanguageModel,
  type Metric,
  SeededRandom,
  type Settings,
  withSettings,
} from '@dspy-ts/core';
import { BootstrapFewShot } from '../bootstrap/bootstrap-few-shot';
import { clearedCopy } from '../internal/copies';
import { measure, withRemoteCost } from '../internal/measure';
import { buildReport } from '../internal/report';
import { attachLabeledDemos } from '../labeled-few-shot';
import type { AnyProgram, CompileOptions, CompileResult, Optimizer, OptimizerReport } from '../optimizer';
import { checkCompileInput, OptimizerRun, type RunOptions } from '../shared/optimizer-run';
import { runFingerprint } from '../shared/run-store';
import { type DemoCandidates, GroundedProposer } from './grounded-proposer';
import { type TpeObservation, TpeSampler } from './tpe-sampler';

export type AutoRunMode = 'light' | 'medium' | 'heavy';

/**
 * DSPy's `AUTO_RUN_SETTINGS`.
 *
 * @example
 * AUTO_RUN_SETTINGS.light; // { n: 6, valSize: 100 }
 */
export const AUTO_RUN_SETTINGS: Readonly<Record<AutoRunMode, { n: number; valSize: number }>> = {
  light: { n: 6, valSize: 100 },
  medium: { n: 12, valSize: 300 },
  heavy: { n: 18, valSize: 1000 },
};

const BOOTSTRAPPED_FEWSHOT_EXAMPLES_IN_CONTEXT = 3;
const LABELED_FEWSHOT_EXAMPLES_IN_CONTEXT = 0;
const MIN_MINIBATCH_SIZE = 50;

/**
 * Options of `MIPROv2`, DSPy's names in camelCase; `auto` picks the number of candidates and the validation size.
 *
 * @example
 * { metric: (ex, pred) => ex.answer === pred.answer, auto: 'light', maxBootstrappedDemos: 2, maxLabeledDemos: 2 }
 */
export interface MIPROv2Options extends RunOptions {
  /** Scores candidates (and accepts bootstrapped traces). */
  readonly metric: Metric;
  /** Writes instructions. Default: the configured LM. */
  readonly promptModel?: LanguageModel;
  /** Runs the program while bootstrapping and evaluating. Default: the configured LM. */
  readonly taskModel?: LanguageModel;
  readonly teacherSettings?: Settings;
  /** Per predictor. Default 4; 0 together with `maxLabeledDemos: 0` is zero-shot mode. */
  readonly maxBootstrappedDemos?: number;
  /** Per predictor. Default 4. */
  readonly maxLabeledDemos?: number;
  /** Budget preset (default `'light'`); `null` to give `numCandidates` and `numTrials` yourself. */
  readonly auto?: AutoRunMode | null;
  /** Instruction and demo-set candidates per predictor (with `auto: null`). */
  readonly numCandidates?: number;
  /** Search trials (with `auto: null`). */
  readonly numTrials?: number;
  /** Rows of one evaluation that may fail before it stops (DSPy's `max_errors`). Default 10. */
  readonly maxErrors?: number;
  /** Default 9, as DSPy. */
  readonly seed?: number;
  /** Proposal temperature. Default 1.0. */
  readonly initTemperature?: number;
  readonly metricThreshold?: number;
  /** Score trials on minibatches (default true; `auto` turns it off for valsets of 50 or fewer). */
  readonly minibatch?: boolean;
  /** Default 35. */
  readonly minibatchSize?: number;
  /** Fully evaluate the best-averaging combination every this many minibatch trials. Default 5. */
  readonly minibatchFullEvalSteps?: number;
  readonly programAwareProposer?: boolean;
  readonly dataAwareProposer?: boolean;
  readonly viewDataBatchSize?: number;
  readonly tipAwareProposer?: boolean;
  readonly fewshotAwareProposer?: boolean;
  /** Teacher runs in flight while bootstrapping demo sets. Default 8. */
  readonly concurrency?: number;
}

/** A scored (instruction, demo set) combination, as DSPy's `candidate_programs` / `mb_candidate_programs`. */
export interface MIPROCandidate<P extends AnyProgram> {
  readonly score: number;
  readonly fullEval: boolean;
  readonly params: Readonly<Record<string, number>>;
  readonly program: P;
}

export interface MIPROv2Result<P extends AnyProgram> extends CompileResult<P> {
  readonly report: OptimizerReport & {
    readonly settings: {
      readonly numTrials: number;
      readonly numInstructCandidates: number;
      readonly numFewshotCandidates: number;
      readonly minibatch: boolean;
      readonly valsetSize: number;
      readonly zeroShot: boolean;
    };
    /** Instruction candidates per predictor name (index 0 is the original). */
    readonly instructionCandidates: Readonly<Record<string, readonly string[]>>;
    /** Evaluations that threw and were scored 0, as DSPy. */
    readonly failedEvaluations: number;
  };
  /** Fully evaluated candidates, best first. */
  readonly fullEvalCandidates: readonly MIPROCandidate<P>[];
  /** Minibatch-evaluated candidates, best first. */
  readonly minibatchCandidates: readonly MIPROCandidate<P>[];
}

type StoredDemos = Record<string, unknown>[][];

/**
 * DSPy's MIPROv2: bootstraps candidate demo sets, proposes instructions with the grounded
 * proposer (dataset summary, program description, demos, tips), then searches (instruction,
 * demo set) per predictor with a TPE sampler, scoring trials on minibatches and the best
 * averaging combination on the full valset every `minibatchFullEvalSteps` trials.
 *
 * @example
 * const mipro = new MIPROv2({ metric: answerExactMatch, auto: 'light', checkpoint: 'mipro.json' });
 * const { program, report } = await mipro.compile(new ChainOfThought('question -> answer'), { trainset, valset });
 * console.log(report.bestScore, report.trials?.length);
 */
export class MIPROv2 implements Optimizer {
  readonly name = 'MIPROv2';
  readonly config: MIPROv2Options & {
    auto: AutoRunMode | null;
    maxBootstrappedDemos: number;
    maxLabeledDemos: number;
    seed: number;
    initTemperature: number;
    minibatch: boolean;
    minibatchSize: number;
    minibatchFullEvalSteps: number;
    viewDataBatchSize: number;
  };

  constructor(options: MIPROv2Options) {
    if (!options?.metric)
      throw new DspyError('CONFIG_INVALID', 'MIPROv2 needs a metric to score candidates: new MIPROv2({ metric }).');
    const auto = options.auto === undefined ? 'light' : options.auto;
    if (auto !== null && !(auto in AUTO_RUN_SETTINGS))
      throw new DspyError(
        'CONFIG_INVALID',
        `MIPROv2: invalid auto ${JSON.stringify(auto)}. Use 'light', 'medium', 'heavy', or null with numCandidates and numTrials.`,
      );
    if (auto !== null && (options.numCandidates !== undefined || options.numTrials !== undefined))
      throw new DspyError(
        'CONFIG_INVALID',
        'MIPROv2: with auto set, numCandidates and numTrials cannot be given (auto would override them). Set auto: null to choose them yourself, or drop them.',
      );
    if (auto === null) {
      if (options.numCandidates === undefined || options.numTrials === undefined)
        throw new DspyError(
          'CONFIG_INVALID',
          'MIPROv2: with auto: null, give both numCandidates and numTrials (e.g. numCandidates: 6, numTrials: 10), or use auto: "light".',
        );
      for (const [key, min] of [
        ['numCandidates', 1],
        ['numTrials', 1],
      ] as const)
        if (!Number.isInteger(options[key]) || options[key]! < min)
          throw new DspyError(
            'CONFIG_INVALID',
            `MIPROv2: ${key} must be a whole number >= ${min}; got ${options[key]}.`,
          );
    }
    this.config = {
      ...options,
      auto,
      maxBootstrappedDemos: options.maxBootstrappedDemos ?? 4,
      maxLabeledDemos: options.maxLabeledDemos ?? 4,
      seed: options.seed ?? 9,
      initTemperature: options.initTemperature ?? 1.0,
      minibatch: options.minibatch ?? true,
      minibatchSize: options.minibatchSize ?? 35,
      minibatchFullEvalSteps: options.minibatchFullEvalSteps ?? 5,
      viewDataBatchSize: options.viewDataBatchSize ?? 10,
    };
    if (!(this.config.minibatchSize >= 1) || !(this.config.minibatchFullEvalSteps >= 1))
      throw new DspyError('CONFIG_INVALID', 'MIPROv2: minibatchSize and minibatchFullEvalSteps must be >= 1.');
  }

  /** DSPy's `_set_num_trials_from_num_candidates`. */
  static numTrialsFor(numPredictors: number, zeroShot: boolean, numCandidates: number): number {
    const vars = zeroShot ? numPredictors : numPredictors * 2;
    return Math.floor(Math.max(2 * vars * Math.log2(numCandidates), 1.5 * numCandidates));
  }

  @ObserveCompile()
  async compile<P extends AnyProgram>(student: P, options: CompileOptions): Promise<MIPROv2Result<P>> {
    checkCompileInput(this.name, student, options.trainset);
    const { result, cost } = await measure(() => this.run(student, options));
    const report = {
      ...buildReport(this.name, withRemoteCost(cost, result.remote), {
        trials: result.trials,
        bestScore: result.bestScore,
      }),
      settings: result.settings,
      instructionCandidates: result.instructionCandidates,
      failedEvaluations: result.failedEvaluations,
    };
    const program = result.best;
    program.compiled = true;
    return {
      program,
      report,
      fullEvalCandidates: result.scoreData.filter((c) => c.fullEval).sort((a, b) => b.score - a.score),
      minibatchCandidates: result.scoreData.filter((c) => !c.fullEval).sort((a, b) => b.score - a.score),
    };
  }

  private async run<P extends AnyProgram>(student: P, options: CompileOptions) {
    const cfg = this.config;
    const zeroShot = cfg.maxBootstrappedDemos === 0 && cfg.maxLabeledDemos === 0;
    const rng = new SeededRandom(cfg.seed);
    let { trainset, valset } = splitDatasets(options.trainset, options.valset);
    const numPredictors = student.namedPredictors().length;
    let numTrials = cfg.numTrials ?? 0;
    let minibatch = cfg.minibatch;
    let nInstruct = cfg.numCandidates ?? 0;
    let nFewshot = cfg.numCandidates ?? 0;
    if (cfg.auto) {
      const auto = AUTO_RUN_SETTINGS[cfg.auto];
      const size = Math.min(auto.valSize, valset.length);
      valset = rng.sample([...valset.keys()], size).map((i) => valset[i]!);
      minibatch = valset.length > MIN_MINIBATCH_SIZE;
      nInstruct = zeroShot ? auto.n : Math.floor(auto.n * 0.5);
      nFewshot = auto.n;
      numTrials = MIPROv2.numTrialsFor(numPredictors, zeroShot, auto.n);
    }
    if (minibatch && cfg.minibatchSize > valset.length)
      throw new DspyError(
        'CONFIG_INVALID',
        `MIPROv2: minibatchSize (${cfg.minibatchSize}) cannot exceed the valset size (${valset.length}). Lower minibatchSize or pass minibatch: false.`,
      );
    const settings = {
      numTrials,
      numInstructCandidates: nInstruct,
      numFewshotCandidates: nFewshot,
      minibatch,
      valsetSize: valset.length,
      zeroShot,
    };
    const fullEvals = Math.floor(numTrials / cfg.minibatchFullEvalSteps) + 1;
    const run = await OptimizerRun.open({
      optimizer: this.name,
      options: cfg,
      metric: cfg.metric,
      fingerprint: () =>
        runFingerprint(this.name, cfg, student, {
          trainset: options.trainset,
          valset: options.valset,
          teacher: options.teacher,
        }),
      totalTrials: 1 + numTrials + (minibatch ? fullEvals : 0),
      signal: options.signal,
      evaluatorDefaults: { maxErrors: cfg.maxErrors },
    });
    try {
      const task = <T>(fn: () => Promise<T>) => (cfg.taskModel ? withSettings({ lm: cfg.taskModel }, fn) : fn());
      const program = student.deepCopy();
      program.compiled = false;

      run.phase('bootstrap', `${nFewshot} demo sets`);
      const demoCandidates = await task(() =>
        this.bootstrapDemoSets(program, trainset, nFewshot, zeroShot, rng, run, options),
      );

      run.phase('propose', `${nInstruct} instructions per predictor`);
      const proposer = await GroundedProposer.create({
        promptModel: cfg.promptModel,
        program,
        trainset,
        viewDataBatchSize: cfg.viewDataBatchSize,
        useDatasetSummary: cfg.dataAwareProposer ?? true,
        programAware: cfg.programAwareProposer ?? true,
        useTaskDemos: cfg.fewshotAwareProposer ?? true,
        numDemosInContext: BOOTSTRAPPED_FEWSHOT_EXAMPLES_IN_CONTEXT,
        useTip: cfg.tipAwareProposer ?? true,
        rng,
        initTemperature: cfg.initTemperature,
        step: (key, fn) => run.step(key, fn),
      });
      const instructionCandidates = await proposer.proposeInstructionsForProgram(program, demoCandidates, nInstruct);
      program.namedPredictors().forEach(([, p], i) => {
        instructionCandidates[i] ??= [];
        instructionCandidates[i]![0] = p.signature.instructions;
      });

      run.phase('search', `${numTrials} trials`);
      const searched = await task(() =>
        this.search(
          program,
          instructionCandidates,
          zeroShot ? undefined : demoCandidates,
          valset,
          numTrials,
          minibatch,
          rng,
          run,
        ),
      );
      run.finish(searched.bestScore);
      const names = program.namedPredictors().map(([n]) => n);
      return {
        ...searched,
        settings,
        trials: run.trials,
        remote: run.remoteTotal,
        instructionCandidates: Object.fromEntries(names.map((n, i) => [n, instructionCandidates[i] ?? []])),
      };
    } catch (error) {
      run.fail(error);
      throw error;
    }
  }

  /** DSPy's `create_n_fewshot_demo_sets` (zero-shot runs still bootstrap 3 demos to show the proposer). */
  private async bootstrapDemoSets(
    program: AnyProgram,
    trainset: readonly Example<any>[],
    numSets: number,
    zeroShot: boolean,
    rng: SeededRandom,
    run: OptimizerRun,
    options: CompileOptions,
  ): Promise<DemoCandidates> {
    const cfg = this.config;
    const maxLabeled = zeroShot ? LABELED_FEWSHOT_EXAMPLES_IN_CONTEXT : cfg.maxLabeledDemos;
    const maxBoot = zeroShot ? BOOTSTRAPPED_FEWSHOT_EXAMPLES_IN_CONTEXT : cfg.maxBootstrappedDemos;
    const names = program.namedPredictors().map(([n]) => n);
    // RNG draws happen first, in DSPy's order; the bootstraps (LM calls) then run in parallel.
    const plans: { seed: number; kind: 'zero' | 'labeled' | 'bootstrap'; trainset: Example<any>[]; size: number }[] =
      [];
    for (let seed = -3; seed < numSets - 3; seed++) {
      const copy = [...trainset];
      if (seed === -3) plans.push({ seed, kind: 'zero', trainset: copy, size: 0 });
      else if (seed === -2 && maxLabeled > 0) plans.push({ seed, kind: 'labeled', trainset: copy, size: 0 });
      else if (seed === -1) plans.push({ seed, kind: 'bootstrap', trainset: copy, size: maxBoot });
      else {
        rng.shuffle(copy);
        plans.push({ seed, kind: 'bootstrap', trainset: copy, size: rng.randint(1, maxBoot) });
      }
    }
    const sets = await Promise.all(
      plans.map((plan) =>
        run.step(`demos/${plan.seed}`, async (): Promise<StoredDemos> => {
          let built: AnyProgram;
          if (plan.kind === 'zero') built = clearedCopy(program);
          else if (plan.kind === 'labeled') {
            built = clearedCopy(program);
            attachLabeledDemos(built, plan.trainset, maxLabeled, true);
          } else {
            const bootstrap = new BootstrapFewShot({
              metric: cfg.metric,
              metricThreshold: cfg.metricThreshold,
              teacherSettings: cfg.teacherSettings,
              maxBootstrappedDemos: plan.size,
              maxLabeledDemos: maxLabeled,
              maxErrors: cfg.maxErrors ?? 10,
              concurrency: cfg.concurrency ?? 8,
              progress: false,
            });
            built = (
              await bootstrap.compile(program, {
                trainset: plan.trainset,
                teacher: options.teacher,
                signal: options.signal,
              })
            ).program;
          }
          return built.namedPredictors().map(([, p]) => p.demos.map(demoToJson));
        }),
      ),
    );
    return names.map((_, i) => sets.map((set) => (set[i] ?? []).map((d) => new Example(d) as Demo)));
  }

  private async search<P extends AnyProgram>(
    program: P,
    instructionCandidates: string[][],
    demoCandidates: DemoCandidates | undefined,
    valset: readonly Example<any>[],
    numTrials: number,
    minibatch: boolean,
    rng: SeededRandom,
    run: OptimizerRun,
  ) {
    const cfg = this.config;
    const predictors = program.namedPredictors().map(([n]) => n);
    const space: Record<string, number> = {};
    predictors.forEach((_, i) => {
      space[`${i}_predictor_instruction`] = instructionCandidates[i]!.length;
      if (demoCandidates) space[`${i}_predictor_demos`] = demoCandidates[i]!.length;
    });
    const build = (params: Record<string, number>): P => {
      const candidate = program.deepCopy();
      candidate.namedPredictors().forEach(([, p], i) => {
        p.signature = p.signature.withInstructions(instructionCandidates[i]![params[`${i}_predictor_instruction`]!]!);
        if (demoCandidates) p.demos = [...demoCandidates[i]![params[`${i}_predictor_demos`]!]!];
      });
      return candidate;
    };
    let failedEvaluations = 0;
    const score = async (candidate: P, examples: readonly Example<any>[]) => {
      try {
        return (await run.score(candidate, examples)).score;
      } catch (error) {
        if (run.signal?.aborted) throw error;
        failedEvaluations++; // DSPy logs the error and scores 0
        return 0;
      }
    };
    const steps = cfg.minibatchFullEvalSteps;
    const adjusted = minibatch
      ? numTrials + Math.floor(numTrials / steps) + 1 + (numTrials % steps !== 0 ? 1 : 0)
      : numTrials;

    const baseline = Object.fromEntries(Object.keys(space).map((k) => [k, 0]));
    const { report: base } = await run.trial('trial/baseline', async () => ({
      kind: 'baseline',
      program,
      params: baseline,
      full: await score(program, valset),
    }));
    let bestScore = base.fullScore!;
    let bestParams: Record<string, number> = baseline;
    let bestProgram = program.deepCopy();
    const history: TpeObservation[] = [{ params: baseline, value: bestScore }];
    const scoreData: { score: number; fullEval: boolean; params: Record<string, number>; program: P }[] = [
      { score: bestScore, fullEval: true, params: baseline, program: program.deepCopy() },
    ];
    const byCombo = new Map<string, { scores: number[]; params: Record<string, number> }>();
    const fullyEvaluated = new Set<string>();
    const sampler = new TpeSampler({ seed: cfg.seed });
    let studySize = 1;

    for (let t = 0; t < numTrials; t++) {
      const trialNum = studySize + 1;
      studySize++;
      const params = sampler.suggest(space, history);
      const candidate = build(params);
      const batch = minibatch
        ? rng.sample([...valset.keys()], Math.min(cfg.minibatchSize, valset.length)).map((i) => valset[i]!)
        : valset;
      const { report } = await run.trial(`trial/${t}`, async () => {
        const s = await score(candidate, batch);
        return minibatch
          ? { kind: 'minibatch', program: candidate, params, minibatch: { score: s, size: batch.length } }
          : { kind: 'full', program: candidate, params, full: s };
      });
      const value = (minibatch ? report.minibatchScore : report.fullScore)!;
      history.push({ params, value });
      scoreData.push({ score: value, fullEval: !minibatch, params, program: candidate });
      if (!minibatch && value > bestScore) [bestScore, bestParams, bestProgram] = [value, params, candidate.deepCopy()];
      const key = comboKey(params, predictors.length, Boolean(demoCandidates));
      const entry = byCombo.get(key) ?? { scores: [], params };
      entry.scores.push(value);
      byCombo.set(key, entry);

      if (minibatch && (trialNum % (steps + 1) === 0 || trialNum === adjusted - 1)) {
        const top = highestMean(byCombo, fullyEvaluated);
        if (!top) continue; // every combination is already fully evaluated (DSPy raises here)
        const topProgram = build(top.params);
        const { report: full } = await run.trial(`full/${t}`, async () => ({
          kind: 'full-eval',
          program: topProgram,
          params: top.params,
          full: await score(topProgram, valset),
        }));
        studySize++;
        history.push({ params: top.params, value: full.fullScore! });
        scoreData.push({ score: full.fullScore!, fullEval: true, params: top.params, program: topProgram });
        fullyEvaluated.add(top.key);
        if (full.fullScore! > bestScore)
          [bestScore, bestParams, bestProgram] = [full.fullScore!, top.params, topProgram.deepCopy()];
      }
    }
    return { best: bestProgram, bestScore, bestParams, scoreData, failedEvaluations };
  }
}

/** DSPy's `param_score_dict` key: "Predictor 0: Instruction 2,Predictor 0: Few-Shot Set 1". */
function comboKey(params: Record<string, number>, predictors: number, demos: boolean): string {
  const parts: string[] = [];
  for (let i = 0; i < predictors; i++) {
    parts.push(`Predictor ${i}: Instruction ${params[`${i}_predictor_instruction`]}`);
    if (demos) parts.push(`Predictor ${i}: Few-Shot Set ${params[`${i}_predictor_demos`]}`);
  }
  return parts.join(',');
}

/** DSPy's `get_program_with_highest_avg_score`: best mean minibatch score not yet fully evaluated (ties: first seen). */
function highestMean(
  byCombo: ReadonlyMap<string, { scores: number[]; params: Record<string, number> }>,
  done: ReadonlySet<string>,
): { key: string; params: Record<string, number> } | undefined {
  const ranked = [...byCombo.entries()]
    .map(([key, v], i) => ({ key, params: v.params, mean: v.scores.reduce((a, b) => a + b, 0) / v.scores.length, i }))
    .sort((a, b) => b.mean - a.mean || a.i - b.i);
  return ranked.find((r) => !done.has(r.key));
}

/** DSPy's split: without a valset, the last min(1000, 80%) of the trainset is the valset. */
function splitDatasets(
  trainset: readonly Example<any>[],
  valset: readonly Example<any>[] | undefined,
): { trainset: readonly Example<any>[]; valset: readonly Example<any>[] } {
  if (valset === undefined) {
    if (trainset.length < 2)
      throw new DspyError(
        'CONFIG_INVALID',
        'MIPROv2 needs at least 2 trainset examples when no valset is given (it keeps 80% of them for validation). Add examples or pass a valset.',
      );
    const size = Math.min(1000, Math.max(1, Math.floor(trainset.length * 0.8)));
    const cutoff = trainset.length - size;
    return { trainset: trainset.slice(0, cutoff), valset: trainset.slice(cutoff) };
  }
  if (valset.length < 1)
    throw new DspyError('CONFIG_INVALID', 'MIPROv2: the valset is empty. Pass at least 1 example, or leave it out.');
  return { trainset, valset };
}

function demoToJson(demo: Demo): Record<string, unknown> {
  const d = demo as { toDict?: () => Record<string, unknown> };
  return typeof d.toDict === 'function' ? d.toDict() : { ...(demo as Record<string, unknown>) };
}
