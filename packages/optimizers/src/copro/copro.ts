import { DspyError, type Example, type LanguageModel, type Metric, Predict, withSettings } from '@dspy-ts/core';
import { pyFloatRepr, ObserveCompile, type PredictorLike } from '@dspy-ts/core/provider-kit';
import { measure, withRemoteCost } from '../internal/measure';
import { buildReport } from '../internal/report';
import type { AnyProgram, CompileOptions, CompileResult, Optimizer, OptimizerReport } from '../optimizer';
import { checkCompileInput, OptimizerRun, type RunOptions } from '../shared/optimizer-run';
import { runFingerprint } from '../shared/run-store';
import { BASIC_GENERATE_INSTRUCTION, GENERATE_INSTRUCTION_GIVEN_ATTEMPTS } from './copro-signatures';

/**
 * Options of `COPRO`: DSPy's `breadth` candidates per round, `depth` rounds, the prompt model that writes them.
 *
 * @example
 * { metric: (ex, pred) => ex.answer === pred.answer, breadth: 6, depth: 2, promptModel }
 */
export interface COPROOptions extends RunOptions {
  /** Scores every candidate on the trainset (through `Evaluate`, or the `evaluator`). */
  readonly metric: Metric;
  /** Proposes instructions. Default: the configured LM. */
  readonly promptModel?: LanguageModel;
  /** New instructions per predictor per depth (the first depth proposes `breadth - 1` plus the original). Default 10; must be > 1. */
  readonly breadth?: number;
  /** Rounds of proposing and scoring. Default 3. */
  readonly depth?: number;
  /** Proposer temperature. Default 1.4. */
  readonly initTemperature?: number;
  /** Rows of one evaluation that may fail before it stops (DSPy's `max_errors`). Default 10. */
  readonly maxErrors?: number;
  /** Score of a row whose program or metric threw. Default 0. */
  readonly failureScore?: number;
}

/** min/max/average/population stddev of scores, per depth (DSPy's `results_best` / `results_latest`). */
export interface COPROStats {
  readonly depth: number[];
  readonly max: number[];
  readonly average: number[];
  readonly min: number[];
  readonly std: number[];
}

/** One evaluated (instruction, prefix) of one predictor, best first (DSPy's `candidate_programs`). */
export interface COPROCandidate<P extends AnyProgram> {
  readonly predictor: string;
  readonly instruction: string;
  readonly prefix: string;
  readonly score: number;
  readonly depth: number;
  readonly program: P;
}

export interface COPROResult<P extends AnyProgram> extends CompileResult<P> {
  readonly report: OptimizerReport & {
    /** Candidate evaluations (DSPy's `total_calls`). */
    readonly totalCalls: number;
    /** Per predictor name: the top-10 scores of all candidates so far, per depth. */
    readonly resultsBest: Record<string, COPROStats>;
    /** Per predictor name: the scores of the newest candidates, per depth. */
    readonly resultsLatest: Record<string, COPROStats>;
  };
  readonly coproCandidates: readonly COPROCandidate<P>[];
}

/** Per predictor: instructions, prefix, and which assignment produced the signature (see `dropDuplicates`). */
type Sig = Record<string, { instructions: string; prefix: string; version: number }>;

interface Evaluated {
  score: number;
  signatures: Sig;
  instruction: string;
  prefix: string;
  depth: number;
}

/**
 * DSPy's COPRO: per predictor, asks the prompt model for `breadth` instructions (and prefixes
 * of the last output field) with `BasicGenerateInstruction`, scores each on the trainset, keeps
 * the best, then for `depth` rounds proposes new ones from the scored attempts with
 * `GenerateInstructionGivenAttempts`. Proposer prompts are byte-identical to DSPy 3.4.1's.
 *
 * @example
 * const copro = new COPRO({ metric: answerExactMatch, breadth: 4, depth: 2, promptModel: strongLm });
 * const { program, report } = await copro.compile(new ChainOfThought('question -> answer'), { trainset });
 * program.namedPredictors()[0][1].signature.instructions; // the winning instruction
 */
export class COPRO implements Optimizer {
  readonly name = 'COPRO';
  readonly config: COPROOptions & { breadth: number; depth: number; initTemperature: number };

  constructor(options: COPROOptions) {
    if (!options?.metric)
      throw new DspyError('CONFIG_INVALID', 'COPRO needs a metric to score instructions: new COPRO({ metric }).');
    const breadth = options.breadth ?? 10;
    const depth = options.depth ?? 3;
    if (!Number.isInteger(breadth) || breadth <= 1)
      throw new DspyError(
        'CONFIG_INVALID',
        `COPRO needs breadth > 1 (it proposes breadth - 1 new instructions plus the original); got ${breadth}.`,
      );
    if (!Number.isInteger(depth) || depth < 1)
      throw new DspyError('CONFIG_INVALID', `COPRO needs depth >= 1 (rounds of proposals); got ${depth}.`);
    this.config = { ...options, breadth, depth, initTemperature: options.initTemperature ?? 1.4 };
  }

  @ObserveCompile()
  async compile<P extends AnyProgram>(student: P, options: CompileOptions): Promise<COPROResult<P>> {
    checkCompileInput(this.name, student, options.trainset);
    const { result, cost } = await measure(() => this.run(student, options));
    const report = {
      ...buildReport(this.name, withRemoteCost(cost, result.remote), {
        trials: result.trials,
        bestScore: result.best.score,
      }),
      totalCalls: result.totalCalls,
      resultsBest: result.resultsBest,
      resultsLatest: result.resultsLatest,
    };
    const program = applySignatures(student, result.best.signatures);
    program.compiled = true;
    const coproCandidates = result.candidates.map((c) => ({
      predictor: c.predictor,
      instruction: c.instruction,
      prefix: c.prefix,
      score: c.score,
      depth: c.depth,
      program: applySignatures(student, c.signatures),
    }));
    return { program, report, coproCandidates };
  }

  private async run<P extends AnyProgram>(student: P, options: CompileOptions) {
    const cfg = this.config;
    const { trainset } = options;
    const run = await OptimizerRun.open({
      optimizer: this.name,
      options: cfg,
      metric: cfg.metric,
      fingerprint: () => runFingerprint(this.name, cfg, student, { trainset }),
      signal: options.signal,
      evaluatorDefaults: { maxErrors: cfg.maxErrors, failureScore: cfg.failureScore },
    });
    try {
      const out = await this.search(student, trainset, run);
      run.finish(out.best.score);
      return { ...out, trials: run.trials, remote: run.remoteTotal };
    } catch (error) {
      run.fail(error);
      throw error;
    }
  }

  private async search<P extends AnyProgram>(student: P, trainset: readonly Example<any>[], run: OptimizerRun) {
    const cfg = this.config;
    const module = student.deepCopy();
    const names = module.namedPredictors().map(([name]) => name);
    const multi = names.length > 1;
    const emptyStats = (): COPROStats => ({ depth: [], max: [], average: [], min: [], std: [] });
    const resultsBest = Object.fromEntries(names.map((n) => [n, emptyStats()]));
    const resultsLatest = Object.fromEntries(names.map((n) => [n, emptyStats()]));

    // Proposals per predictor: all so far (`all`) and the newest batch (`latest`).
    const all = new Map<string, { instruction: string; prefix: string }[]>();
    let latest = new Map<string, { instruction: string; prefix: string }[]>();
    run.phase('propose', 'depth 0');
    for (const [name, predictor] of module.namedPredictors()) {
      const sig = predictor.signature;
      const last = sig.fields[sig.fields.length - 1]!;
      const proposed = await run.step(`propose/0/${name}`, () =>
        this.propose(BASIC_GENERATE_INSTRUCTION, cfg.breadth - 1, { basic_instruction: sig.instructions }),
      );
      const list = [...proposed, { instruction: sig.instructions, prefix: last.prefix }];
      all.set(name, list);
      latest.set(name, [...list]);
    }

    const clone = module.deepCopy();
    // Every signature COPRO sets is a new object in DSPy; versions stand for that identity.
    let version = 0;
    const versions = new Map<string, number>(names.map((n) => [n, 0]));
    const evaluated = new Map<string, Map<string, Evaluated>>(names.map((n) => [n, new Map()]));
    let totalCalls = 0;
    run.setTotal(this.plannedTrials(names.length));

    for (let d = 0; d < cfg.depth; d++) {
      run.phase('evaluate', `depth ${d + 1}/${cfg.depth}`);
      const latestScores: number[] = [];
      for (const [pIndex, name] of names.entries()) {
        const pNew = clone.namedPredictors()[pIndex]![1];
        const candidates = multi ? all.get(name)! : latest.get(name)!;
        const table = evaluated.get(name)!;
        for (const [cIndex, c] of candidates.entries()) {
          const instruction = pyStripQuotes(c.instruction);
          const prefix = pyStripQuotes(c.prefix);
          setInstruction(pNew, instruction, prefix);
          versions.set(name, ++version);
          const { report } = await run.trial(`eval/${d}/${pIndex}/${cIndex}`, async () => {
            const { score } = await run.score(clone, trainset);
            return {
              kind: 'candidate',
              program: clone,
              params: { depth: d, predictor: name, candidate: cIndex },
              full: score,
            };
          });
          const score = report.fullScore!;
          totalCalls++;
          const key = JSON.stringify([instruction, prefix]);
          const prior = table.get(key);
          if (!prior || prior.score < score) {
            const entry = { score, signatures: signaturesOf(clone, versions), instruction, prefix, depth: d };
            if (prior)
              Object.assign(prior, entry); // a Python dict keeps the key's first position
            else table.set(key, entry);
          }
          if (candidates.length - cfg.breadth <= cIndex) latestScores.push(score);
        }
        pushStats(resultsLatest[name]!, d, latestScores);
        const best = maxBy([...table.values()], (e) => e.score);
        setInstruction(pNew, best.instruction, best.prefix);
        versions.set(name, ++version);
      }
      if (d === cfg.depth - 1) break;

      run.phase('propose', `depth ${d + 1}`);
      const next = new Map<string, { instruction: string; prefix: string }[]>();
      for (const name of names) {
        const table = [...evaluated.get(name)!.values()];
        const shortest = Math.min(table.length, cfg.breadth);
        const sorted = stableSortDesc(table, (e) => e.score);
        pushStats(
          resultsBest[name]!,
          d,
          sorted.slice(0, 10).map((e) => e.score),
        );
        const attempts: string[] = [];
        for (let i = shortest - 1; i >= 0; i--) {
          attempts.push(`Instruction #${shortest - i}: ${sorted[i]!.instruction}`);
          attempts.push(`Prefix #${shortest - i}: ${sorted[i]!.prefix}`);
          attempts.push(`Resulting Score #${shortest - i}: ${pyFloatRepr(sorted[i]!.score)}`);
        }
        const proposed = await run.step(`propose/${d + 1}/${name}`, () =>
          this.propose(GENERATE_INSTRUCTION_GIVEN_ATTEMPTS, cfg.breadth, { attempted_instructions: attempts }),
        );
        next.set(name, proposed);
        all.get(name)!.push(...proposed);
      }
      latest = next;
    }

    const candidates: (Evaluated & { predictor: string })[] = [];
    for (const name of names) {
      const table = [...evaluated.get(name)!.values()];
      candidates.push(...table.map((e) => ({ ...e, predictor: name })));
      const sorted = stableSortDesc(table, (e) => e.score);
      pushStats(
        resultsBest[name]!,
        cfg.depth - 1,
        sorted.slice(0, 10).map((e) => e.score),
      );
    }
    const ranked = dropDuplicates(stableSortDesc(candidates, (c) => c.score));
    return { best: ranked[0]!, candidates: ranked, totalCalls, resultsBest, resultsLatest };
  }

  /** Trials an uninterrupted run makes (for the progress bar). */
  private plannedTrials(predictors: number): number {
    const { breadth, depth } = this.config;
    if (predictors === 1) return breadth * depth;
    let total = 0;
    for (let d = 0; d < depth; d++) total += predictors * breadth * (d + 1);
    return total;
  }

  private async propose(
    signature: typeof BASIC_GENERATE_INSTRUCTION,
    n: number,
    inputs: Record<string, unknown>,
  ): Promise<{ instruction: string; prefix: string }[]> {
    const cfg = this.config;
    const predict = new Predict(signature, { n, temperature: cfg.initTemperature });
    const call = () => predict.call(inputs as never);
    const prediction = cfg.promptModel ? await withSettings({ lm: cfg.promptModel }, call) : await call();
    const completions = prediction.completions;
    const instructions = completions.get('proposed_instruction') as string[];
    const prefixes = completions.get('proposed_prefix_for_output_field') as string[];
    return instructions.map((instruction, i) => ({ instruction: String(instruction), prefix: String(prefixes[i]) }));
  }
}

function signaturesOf(program: AnyProgram, versions: ReadonlyMap<string, number>): Sig {
  return Object.fromEntries(
    program.namedPredictors().map(([name, p]) => {
      const fields = p.signature.fields;
      const sig = { instructions: p.signature.instructions, prefix: fields[fields.length - 1]!.prefix };
      return [name, { ...sig, version: versions.get(name) ?? 0 }];
    }),
  );
}

function applySignatures<P extends AnyProgram>(student: P, sigs: Sig): P {
  const copy = student.deepCopy();
  for (const [name, p] of copy.namedPredictors()) {
    const s = sigs[name];
    if (s) setInstruction(p, s.instructions, s.prefix);
  }
  return copy;
}

/** COPRO's candidate: new instructions plus a new prefix on the last output field. */
function setInstruction(p: PredictorLike, instructions: string, prefix: string): void {
  const lastKey = p.signature.fields[p.signature.fields.length - 1]!.name;
  p.signature = p.signature.withInstructions(instructions).withUpdatedField(lastKey, { prefix });
}

/**
 * DSPy's `_drop_duplicates`: among equal scores, a program equal to an earlier one is dropped.
 * DSPy's equality compares the last output field by object identity, so two candidates are equal
 * only when every predictor holds the very same signature object: the same `version` here.
 */
function dropDuplicates<C extends { score: number; signatures: Sig }>(sorted: C[]): C[] {
  const out: C[] = [];
  let batch: C[] = [];
  let batchScore = -1;
  const same = (a: C, b: C) =>
    Object.entries(a.signatures).every(
      ([name, s]) => s.instructions === b.signatures[name]?.instructions && s.version === b.signatures[name]?.version,
    );
  for (const c of sorted) {
    let repeat = false;
    if (c.score === batchScore) {
      repeat = batch.some((b) => same(c, b));
      if (!repeat) batch.push(c);
    } else {
      batch = [c];
      batchScore = c.score;
    }
    if (!repeat) out.push(c);
  }
  return out;
}

function pushStats(stats: COPROStats, depth: number, scores: number[]): void {
  if (scores.length === 0) return;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  stats.depth.push(depth);
  stats.max.push(Math.max(...scores));
  stats.average.push(mean);
  stats.min.push(Math.min(...scores));
  stats.std.push(Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / scores.length));
}

/** Python's `max(key=...)`: the first maximal element. */
function maxBy<T>(items: T[], key: (t: T) => number): T {
  let best = items[0] as T;
  for (const item of items) if (key(item) > key(best)) best = item;
  return best;
}

function stableSortDesc<T>(items: T[], key: (t: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => key(b.item) - key(a.item) || a.i - b.i)
    .map((x) => x.item);
}

/** Python's `s.strip('"').strip()`. */
function pyStripQuotes(s: string): string {
  return s.replace(/^"+|"+$/g, '').trim();
}
