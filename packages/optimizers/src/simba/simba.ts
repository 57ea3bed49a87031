import {
  DspyError,
  type Example,
  type LanguageModel,
  SeededRandom,
  type Settings,
  type TraceEntry,
  withSettings,
} from '@dspy-ts/core';
import { pyRound, resolveLm, ObserveCompile } from '@dspy-ts/core/provider-kit';
import { RolloutLM } from '../bootstrap/rollout-lm';
import { measure } from '../internal/measure';
import { buildReport } from '../internal/report';
import { mapLimit, scoreOf } from '../internal/rollouts';
import type { AnyProgram, CompileOptions, CompileResult, Optimizer, OptimizerReport } from '../optimizer';
import { lmConcurrency } from '../shared/evaluator';
import { checkCompileInput, OptimizerRun, type RunOptions } from '../shared/optimizer-run';
import { runFingerprint } from '../shared/run-store';
import { percentOf, type TrialReport } from '../shared/trial-report';
import { percentile, poisson, softmaxSample } from './simba-math';
import { appendADemo, appendARule, type SimbaRollout, type Strategy } from './strategies';

/**
 * SIMBA's settings (DSPy's names in camelCase) plus the shared `checkpoint`, `evaluator`, `progress`, `onTrial`, `onEvent`.
 *
 * @example
 * { metric: (ex, pred) => ex.answer === pred.answer, bsize: 8, maxSteps: 4, checkpoint: 'runs/simba.json' }
 */
export interface SimbaOptions extends RunOptions {
  /** `(example, prediction) => number | boolean | { score, ...info }`; the info reaches the feedback model. */
  readonly metric: (example: Example<any>, prediction: any) => unknown;
  /** Mini-batch size. Default 32; the trainset needs at least this many examples. */
  readonly bsize?: number;
  /** New candidates per step (and samples per example). Default 6. */
  readonly numCandidates?: number;
  /** Steps. Default 8. */
  readonly maxSteps?: number;
  /** Demos a predictor may hold; 0 turns `append_a_demo` off. Default 4. */
  readonly maxDemos?: number;
  /** Model that writes rules (`OfferFeedback`). Default: the configured LM. */
  readonly promptModel?: LanguageModel;
  /** `{ lm }`: the first of the sampling models is this teacher. */
  readonly teacherSettings?: Settings;
  /** Input values longer than this are cut in new demos. Default 100000. */
  readonly demoInputFieldMaxlen?: number;
  readonly temperatureForSampling?: number;
  readonly temperatureForCandidates?: number;
  /** Seeds every random choice. Default 0 (DSPy's `compile(seed=0)`). */
  readonly seed?: number;
  /** Program runs in flight at once. Default: the program's LM `maxConcurrency`, else 8. */
  readonly concurrency?: number;
  /** `program_code` shown to the feedback model. Default: the program class's source (`constructor.toString()`). */
  readonly programCode?: string;
}

/** One SIMBA step, in the report. */
export interface SimbaStep {
  readonly step: number;
  /** Trainset indices of the mini-batch. */
  readonly batch: readonly number[];
  /** Mean score of all sampled trajectories (the step's baseline). */
  readonly baselineScore: number;
  /** Strategy applied per new candidate, `skipped` when its threshold test failed (the candidate is kept, as DSPy). */
  readonly strategies: readonly {
    readonly strategy: string;
    readonly applied: boolean;
    readonly demosDropped: number;
  }[];
  /** Mean mini-batch score of each new candidate. */
  readonly candidateScores: readonly number[];
  /** Pool index of each new candidate. */
  readonly candidateIndexes: readonly number[];
  readonly strategyErrors: readonly string[];
}

export interface SimbaReport extends OptimizerReport {
  readonly trials: readonly TrialReport[];
  readonly simba: {
    readonly steps: readonly SimbaStep[];
    /** Winners re-evaluated on the whole trainset and their mean scores (0–1), best first. */
    readonly finalScores: readonly { readonly winner: number; readonly score: number }[];
    readonly bestScore: number;
    /** Runs whose program threw or whose metric threw / returned NaN; each scored 0 and the run went on. */
    readonly failures: { readonly program: number; readonly metric: number };
  };
}

interface ProgramEntry {
  readonly state: Record<string, unknown>;
  readonly scores: number[];
}

interface SimbaSnapshot {
  readonly step: number;
  readonly pool: ProgramEntry[];
  readonly winners: Record<string, unknown>[];
  readonly dataIndices: number[];
  readonly instanceIdx: number;
  readonly rng: number[];
  readonly poissonRng: number[];
  readonly steps: SimbaStep[];
}

const STATE_KEY = 'simba/state';

/**
 * DSPy's `SIMBA` (Stochastic Introspective Mini-Batch Ascent): each step samples trajectories of
 * the best programs so far on a mini-batch with several temperature-1 model copies, finds the
 * examples where the samples disagree most, and builds new candidates from them, either adding
 * the best trajectory as a demo (`append_a_demo`) or asking a model to contrast the best and worst
 * trajectories and appending its advice to the instructions (`append_a_rule`). New candidates are
 * scored on the same mini-batch; each step's winner is kept, and the winners are re-evaluated on the
 * whole trainset at the end.
 *
 * @example
 * const simba = new SIMBA({ metric: (e, p) => e.answer === p.answer, bsize: 16, maxSteps: 6 });
 * const { program, report } = await simba.compile(qa, { trainset });
 * report.simba.finalScores; // winners on the trainset
 */
export class SIMBA implements Optimizer {
  readonly name = 'SIMBA';
  readonly config: Required<Omit<SimbaOptions, keyof RunOptions | 'promptModel' | 'teacherSettings' | 'programCode'>> &
    Pick<SimbaOptions, keyof RunOptions | 'promptModel' | 'teacherSettings' | 'programCode'>;
  private readonly strategies: Strategy[];
  /** Runs of this compile whose program threw or whose metric threw / returned NaN (each scored 0, as DSPy). */
  private readonly failures = { program: 0, metric: 0 };

  constructor(options: SimbaOptions) {
    if (!options || typeof options.metric !== 'function')
      throw new DspyError(
        'CONFIG_INVALID',
        'SIMBA needs a metric: new SIMBA({ metric: (example, prediction) => score }).',
      );
    const int = (v: number | undefined, name: string, dflt: number, min: number) => {
      const x = v ?? dflt;
      if (!Number.isInteger(x) || x < min)
        throw new DspyError('CONFIG_INVALID', `SIMBA: ${name} must be a whole number >= ${min}; got ${x}.`);
      return x;
    };
    this.config = {
      ...options,
      bsize: int(options.bsize, 'bsize', 32, 1),
      numCandidates: int(options.numCandidates, 'numCandidates', 6, 1),
      maxSteps: int(options.maxSteps, 'maxSteps', 8, 1),
      maxDemos: int(options.maxDemos, 'maxDemos', 4, 0),
      demoInputFieldMaxlen: options.demoInputFieldMaxlen ?? 100_000,
      temperatureForSampling: options.temperatureForSampling ?? 0.2,
      temperatureForCandidates: options.temperatureForCandidates ?? 0.2,
      seed: options.seed ?? 0,
      concurrency: options.concurrency === undefined ? 0 : int(options.concurrency, 'concurrency', 8, 1), // 0: decided per run
    };
    this.strategies = this.config.maxDemos > 0 ? [appendADemo, appendARule] : [appendARule];
  }

  @ObserveCompile()
  async compile<P extends AnyProgram>(
    student: P,
    options: CompileOptions,
  ): Promise<CompileResult<P> & { report: SimbaReport }> {
    const { trainset, signal } = options;
    checkCompileInput(this.name, student, trainset);
    const cfg = { ...this.config, concurrency: this.config.concurrency || (lmConcurrency(student) ?? 8) };
    if (trainset.length < cfg.bsize)
      throw new DspyError(
        'CONFIG_INVALID',
        `SIMBA: the trainset has ${trainset.length} examples, fewer than bsize=${cfg.bsize}. Pass more examples or a smaller bsize.`,
      );
    const scoreMetric = async (e: Example<any>, p: unknown) => {
      try {
        const score = scoreOf(await cfg.metric(e, p));
        if (Number.isNaN(score)) this.failures.metric++;
        return score;
      } catch (error) {
        this.failures.metric++;
        throw error;
      }
    };
    this.failures.metric = 0;
    this.failures.program = 0;
    Object.defineProperty(scoreMetric, 'name', { value: cfg.metric.name });
    const runner = await OptimizerRun.open({
      optimizer: this.name,
      options: cfg,
      metric: scoreMetric,
      fingerprint: runFingerprint(this.name, cfg, student, { trainset }),
      totalTrials: cfg.maxSteps,
      signal,
      evaluatorDefaults: { concurrency: cfg.concurrency, failureScore: 0, maxErrors: Number.MAX_SAFE_INTEGER },
    });
    try {
      const { result, cost } = await measure(() => this.run(student, trainset, runner, cfg, signal));
      runner.finish(percentOf(result.bestScore));
      const report: SimbaReport = {
        ...buildReport(this.name, cost),
        trials: runner.trials,
        simba: {
          steps: result.steps,
          finalScores: result.finalScores,
          bestScore: result.bestScore,
          failures: { ...this.failures },
        },
      };
      return { program: result.program as P, report };
    } catch (error) {
      runner.fail(error);
      throw error;
    }
  }

  private async run(
    student: AnyProgram,
    trainset: readonly Example<any>[],
    runner: OptimizerRun,
    cfg: SIMBA['config'],
    signal?: AbortSignal,
  ) {
    const rng = new SeededRandom(cfg.seed);
    const poissonRng = new SeededRandom(cfg.seed);
    const baseline = student.deepCopy();
    const fromState = (state: Record<string, unknown>) => baseline.deepCopy().loadState(state);
    let pool: { program: AnyProgram; scores: number[] }[] = [{ program: baseline, scores: [] }];
    let winners: AnyProgram[] = [baseline];
    let dataIndices = Array.from({ length: trainset.length }, (_, i) => i);
    let instanceIdx = 0;
    let steps: SimbaStep[] = [];
    let firstStep = 0;

    const saved = runner.store.get<SimbaSnapshot>(STATE_KEY);
    if (saved) {
      pool = saved.pool.map((e) => ({ program: fromState(e.state), scores: [...e.scores] }));
      winners = saved.winners.map(fromState);
      dataIndices = [...saved.dataIndices];
      instanceIdx = saved.instanceIdx;
      rng.setState(saved.rng);
      poissonRng.setState(saved.poissonRng);
      steps = [...saved.steps];
      firstStep = saved.step + 1;
    } else {
      rng.shuffle(dataIndices);
    }

    const avg = (i: number) => {
      const s = pool[i]!.scores;
      return s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0;
    };
    const topKPlusBaseline = (k: number) => {
      const order = pool.map((_, i) => i).sort((a, b) => avg(b) - avg(a));
      const top = order.slice(0, k);
      if (!top.includes(0) && top.length) top[top.length - 1] = 0;
      return [...new Set(top)];
    };
    const snapshot = (step: number): SimbaSnapshot => ({
      step,
      pool: pool.map((e) => ({ state: e.program.dumpState(), scores: e.scores })),
      winners: winners.map((w) => w.dumpState()),
      dataIndices,
      instanceIdx,
      rng: rng.getState(),
      poissonRng: poissonRng.getState(),
      steps,
    });
    const scoresOn = async (program: AnyProgram, examples: readonly Example<any>[]) =>
      (await runner.score(program, examples)).subscores.map((s) => (s === null || Number.isNaN(s) ? 0 : s));

    for (const s of steps) await runner.trial(`simba/step/${s.step}`, async () => stepOutcome(s, pool));
    for (let step = firstStep; step < cfg.maxSteps; step++) {
      await runner.trial(`simba/step/${step}`, async () => {
        if (instanceIdx + cfg.bsize > trainset.length) {
          rng.shuffle(dataIndices);
          instanceIdx = 0;
        }
        const batchIdx = dataIndices.slice(instanceIdx, instanceIdx + cfg.bsize);
        const batch = batchIdx.map((i) => trainset[i]!);
        instanceIdx += cfg.bsize;

        const models = this.samplingModels(pool[0]!.program);
        const top = topKPlusBaseline(cfg.numCandidates);
        const predictor2name = new Map<object, string>();
        const pairs: { program: AnyProgram; example: Example<any> }[] = [];
        for (const model of models) {
          for (const example of batch) {
            const chosen = softmaxSample(rng, top, cfg.temperatureForSampling, avg);
            const copy = pool[chosen]!.program.deepCopy();
            copy.setLm(model);
            for (const [name, p] of copy.namedPredictors()) predictor2name.set(p, name);
            pairs.push({ program: copy, example });
          }
        }
        const outputs = await mapLimit(pairs, cfg.concurrency, ({ program, example }) =>
          this.wrapped(program, example, signal),
        );
        const scores = outputs.map((o) => o.score as number);
        const p10 = percentile(scores, 10);
        const p90 = percentile(scores, 90);
        const buckets = batch.map((_, idx) => {
          const bucket = outputs
            .filter((_o, i) => i % cfg.bsize === idx)
            .sort((a, b) => (b.score as number) - (a.score as number));
          const max = bucket[0]!.score as number;
          const min = bucket[bucket.length - 1]!.score as number;
          const mean = bucket.reduce((a, o) => a + (o.score as number), 0) / bucket.length;
          return { bucket, key: [max - min, max, max - mean] as const };
        });
        buckets.sort((a, b) => b.key[0] - a.key[0] || b.key[1] - a.key[1] || b.key[2] - a.key[2]);
        const baselineScore = scores.reduce((a, b) => a + b, 0) / scores.length;

        const candidates: AnyProgram[] = [];
        const applied: SimbaStep['strategies'][number][] = [];
        const errors: string[] = [];
        for (const { bucket } of buckets) {
          const src = softmaxSample(rng, topKPlusBaseline(cfg.numCandidates), cfg.temperatureForCandidates, avg);
          const system = pool[src]!.program.deepCopy();
          const named = system.namedPredictors();
          const maxDemosTmp = cfg.maxDemos > 0 ? cfg.maxDemos : 3;
          const numDemos = Math.max(0, ...named.map(([, p]) => p.demos.length));
          let drop = Math.max(poisson(poissonRng, numDemos / maxDemosTmp), Number(numDemos >= maxDemosTmp));
          drop = Math.min(drop, numDemos);
          const toDrop = new Set(Array.from({ length: drop }, () => rng.randbelow(numDemos)));
          for (const [, p] of named) p.demos = p.demos.filter((_, i) => !toDrop.has(i));
          const strategy = rng.choice(this.strategies);
          try {
            const ok = await strategy(bucket, system, {
              predictor2name,
              name2predictor: new Map(named),
              batch10p: p10,
              batch90p: p90,
              promptModel: cfg.promptModel,
              programCode: cfg.programCode ?? student.constructor.toString(),
              demoInputFieldMaxlen: cfg.demoInputFieldMaxlen,
              signal,
            });
            applied.push({ strategy: strategy.strategyName, applied: ok, demosDropped: drop });
          } catch (error) {
            if (signal?.aborted) throw error;
            errors.push(`${strategy.strategyName}: ${error instanceof Error ? error.message : String(error)}`);
            continue;
          }
          candidates.push(system);
          if (candidates.length >= cfg.numCandidates + 1) break;
        }

        const candScores: number[][] = [];
        for (const c of candidates) candScores.push(await scoresOn(c, batch));
        const means = candScores.map((s) => s.reduce((a, b) => a + b, 0) / s.length);
        if (means.length) winners.push(candidates[means.indexOf(Math.max(...means))]!.deepCopy());
        const indexes: number[] = [];
        candidates.forEach((c, i) => {
          pool.push({ program: c, scores: candScores[i]! });
          indexes.push(pool.length - 1);
        });
        const record: SimbaStep = {
          step,
          batch: batchIdx,
          baselineScore,
          strategies: applied,
          candidateScores: means,
          candidateIndexes: indexes,
          strategyErrors: errors,
        };
        steps.push(record);
        if (runner.store.path) await runner.store.put(STATE_KEY, snapshot(step));
        return stepOutcome(record, pool);
      });
    }

    // Winners, evenly spaced, re-evaluated on the whole trainset.
    const M = winners.length - 1;
    const N = cfg.numCandidates + 1;
    const picks = [...new Set(M < 1 ? [0] : Array.from({ length: N }, (_, i) => pyRound((i * M) / (N - 1))))];
    const finalScores: { winner: number; score: number }[] = [];
    for (const w of picks) {
      const { data } = await runner.trial<{ score: number }>(`simba/final/${w}`, async () => {
        const s = await scoresOn(winners[w]!, trainset);
        const score = s.length ? s.reduce((a, b) => a + b, 0) / s.length : 0;
        return {
          kind: 'full-eval',
          program: winners[w]!,
          params: { winner: w },
          full: percentOf(score),
          data: { score },
        };
      });
      finalScores.push({ winner: w, score: data!.score });
    }
    let best = 0;
    for (let i = 1; i < finalScores.length; i++) if (finalScores[i]!.score > finalScores[best]!.score) best = i;
    const program = winners[finalScores[best]!.winner]!.deepCopy();
    program.compiled = true;
    return {
      program,
      steps,
      finalScores: [...finalScores].sort((a, b) => b.score - a.score),
      bestScore: finalScores[best]!.score,
    };
  }

  /** DSPy's `prepare_models_for_resampling`: temperature-1 copies of the program's LM with rollout ids 0..n-1. */
  private samplingModels(program: AnyProgram): LanguageModel[] {
    const lm = program.getLm() ?? resolveLm(undefined, 'SIMBA');
    const models: LanguageModel[] = [];
    let start = 0;
    if (this.config.teacherSettings) {
      const teacher = (this.config.teacherSettings.lm as LanguageModel | undefined) ?? lm;
      models.push(new RolloutLM(teacher, { rolloutId: 0, temperature: 1 }));
      start = 1;
    }
    for (let r = start; r < this.config.numCandidates; r++)
      models.push(new RolloutLM(lm, { rolloutId: r, temperature: 1 }));
    return models;
  }

  /** DSPy's `wrap_program`: a run with its trace and score; failures score 0 and never throw. */
  private async wrapped(program: AnyProgram, example: Example<any>, signal?: AbortSignal): Promise<SimbaRollout> {
    const trace: TraceEntry[] = [];
    let prediction: unknown;
    try {
      const inputs = Object.fromEntries(example.inputs().items());
      prediction = await withSettings({ trace }, () => program.call(inputs as never, { signal } as never));
    } catch (error) {
      if (signal?.aborted) throw error;
      this.failures.program++;
    }
    let score = 0;
    let outputMetadata: Record<string, unknown> = {};
    if (prediction !== undefined) {
      try {
        const out = await this.config.metric(example, prediction);
        const n = scoreOf(out);
        if (Number.isNaN(n)) this.failures.metric++;
        score = Number.isNaN(n) ? 0 : n;
        if (out !== null && typeof out === 'object' && 'score' in out) {
          const { score: _s, ...rest } = out as Record<string, unknown>;
          outputMetadata = rest;
        }
      } catch {
        this.failures.metric++;
        score = 0;
      }
    }
    return { example, prediction, trace: [...trace], score, outputMetadata };
  }
}

function stepOutcome(s: SimbaStep, pool: readonly { program: AnyProgram }[]) {
  const best = s.candidateScores.length ? s.candidateScores.indexOf(Math.max(...s.candidateScores)) : -1;
  const program = best >= 0 ? pool[s.candidateIndexes[best]!]!.program : pool[0]!.program;
  return {
    kind: 'minibatch',
    program,
    params: { step: s.step, candidates: s.candidateScores.length },
    ...(best >= 0 ? { minibatch: { score: percentOf(s.candidateScores[best]!), size: s.batch.length } } : {}),
    data: s,
  };
}
