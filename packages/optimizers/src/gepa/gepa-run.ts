import { type Example, SeededRandom } from '@dspy-ts/core';
import { type PredictorLike } from '@dspy-ts/core/provider-kit';
import { measure } from '../internal/measure';
import { countFailures, noFailures, type Rollout, rollouts } from '../internal/rollouts';
import type { AnyProgram } from '../optimizer';
import { EpochShuffledBatchSampler } from './batch-sampler';
import type { OptimizerRun } from '../shared/optimizer-run';
import { percentOf } from '../shared/trial-report';
import type { BatchSamplerState } from './batch-sampler';
import type { ResolvedGepaConfig } from './gepa-options';
import { initialMergeState, type MergeState, proposeMerge } from './merge';
import { selectFromPareto } from './pareto';
import { proposeInstruction, type Reflection } from './proposer';
import { type ReflectiveRecord, reflectiveRecords } from './reflective-dataset';
import { type Candidate, GepaState, type GepaStateData } from './state';
import type { GepaTrial } from './trial';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type TrialBody = Omit<GepaTrial, 'metricCalls' | 'lmCalls' | 'tokens' | 'durationMs'>;

/** Everything a GEPA run needs to continue exactly where it stopped (stored after every iteration). */
export interface GepaSnapshot {
  readonly state: GepaStateData;
  readonly rng: number[];
  readonly adapterRng: number[];
  readonly sampler: BatchSamplerState;
  readonly merge: MergeState;
  readonly trials: readonly GepaTrial[];
}

const STATE_KEY = 'gepa/state';

/**
 * One GEPA run (`gepa.core.engine.GEPAEngine` with DSPy's adapter), step for step: the same RNG
 * draws in the same order as gepa 0.1.x under DSPy 3.4.1, so the same seed, data and LM replies
 * give the same candidates.
 */
export class GepaRun {
  readonly rng: SeededRandom;
  /** DSPy's adapter has its own `Random(seed)` for picking a predictor's step in the reflective dataset. */
  readonly adapterRng: SeededRandom;
  readonly sampler: EpochShuffledBatchSampler;
  merge: MergeState = initialMergeState();
  state!: GepaState;
  readonly trials: GepaTrial[] = [];
  /** Rollouts run ahead and then discarded (see `parentRollouts`). */
  speculativeEvals = 0;
  /** Iterations whose minibatch had been run ahead. */
  ranAhead = 0;
  private window = 1;
  private prefetched: {
    iteration: number;
    parentIdx: number;
    ids: number[];
    rngAfter: number[];
    samplerAfter: BatchSamplerState;
    before: Promise<Rollout[]>;
  }[] = [];
  readonly names: string[];
  private readonly predictors: Map<string, PredictorLike>;

  constructor(
    private readonly student: AnyProgram,
    private readonly trainset: readonly Example<any>[],
    private readonly valset: readonly Example<any>[],
    private readonly cfg: ResolvedGepaConfig,
    private readonly budget: number,
    private readonly runner: OptimizerRun,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.rng = new SeededRandom(cfg.seed);
    this.adapterRng = new SeededRandom(cfg.seed);
    this.sampler = new EpochShuffledBatchSampler(cfg.reflectionMinibatchSize, this.rng);
    const named = student.namedPredictors();
    this.names = named.map(([n]) => n);
    this.predictors = new Map(named);
  }

  /** The program for a candidate: a copy of the student with its instructions. */
  build(candidate: Candidate): AnyProgram {
    const program = this.student.deepCopy();
    for (const [name, p] of program.namedPredictors()) {
      if (name in candidate) p.signature = p.signature.withInstructions(candidate[name]!);
    }
    return program;
  }

  /** Minibatch runs that reflection reads: local, with traces and predictions. */
  private run(candidate: Candidate, examples: readonly Example<any>[], traces: boolean): Promise<Rollout[]> {
    return rollouts(this.build(candidate), examples, this.cfg.metric, {
      concurrency: this.cfg.concurrency,
      failureScore: this.cfg.failureScore,
      signal: this.signal,
      traceToMetric: traces,
    });
  }

  /** Scores only (valset and merge evaluations): through the run's evaluator, which may be remote. */
  private async scores(candidate: Candidate, examples: readonly Example<any>[]): Promise<number[]> {
    const { subscores } = await this.runner.score(this.build(candidate), examples);
    return subscores.map((s) => (s === null || Number.isNaN(s) ? this.cfg.failureScore : s));
  }

  snapshot(): GepaSnapshot {
    return {
      state: this.state.data,
      rng: this.rng.getState(),
      adapterRng: this.adapterRng.getState(),
      sampler: this.sampler.state,
      merge: this.merge,
      trials: this.trials,
    };
  }

  restore(s: GepaSnapshot): void {
    this.state = new GepaState(structuredClone(s.state));
    this.rng.setState(s.rng);
    this.adapterRng.setState(s.adapterRng);
    this.sampler.state = structuredClone(s.sampler);
    this.merge = structuredClone(s.merge);
    this.trials.push(...s.trials.map((t) => ({ ...t, resumed: true })));
  }

  /**
   * The loop. Each iteration runs inside `runner.trial` (measured, reported, checkpointed) and
   * ends by storing the whole snapshot, so a resumed run restores it, re-reports the finished
   * trials from the checkpoint and continues with the same RNG positions: the result equals an
   * uninterrupted run's, and only an iteration cut off mid-way is run again.
   */
  async execute(): Promise<GepaState> {
    const saved = this.runner.store.get<GepaSnapshot>(STATE_KEY);
    if (saved) {
      this.restore(saved);
      for (const t of saved.trials) await this.report(t, async () => t);
    } else {
      await this.report(undefined, () => this.seed());
    }
    while (this.state.data.totalEvals < this.budget) {
      this.signal?.throwIfAborted();
      this.state.data.i++;
      await this.report(undefined, () => this.iteration());
    }
    this.discardPrefetched();
    return this.state;
  }

  /** Runs one trial body through the shared runner (cost, events, progress, checkpoint). */
  private async report(done: GepaTrial | undefined, body: () => Promise<TrialBody | GepaTrial>): Promise<void> {
    const iteration = done?.iteration ?? (this.state ? this.state.data.i : -1);
    await this.runner.trial(`gepa/trial/${iteration}`, async () => {
      let trial: GepaTrial;
      if (done) trial = done;
      else {
        const { result, cost } = await measure(body);
        trial = {
          ...(result as TrialBody),
          metricCalls: this.state.data.totalEvals,
          lmCalls: cost.lmCalls,
          tokens: cost.tokens,
          durationMs: cost.durationMs,
        };
        this.trials.push(trial);
        // In memory (no checkpoint path) nothing reads it back: skip the JSON round trip.
        if (this.runner.store.path) await this.runner.store.put(STATE_KEY, this.snapshot());
      }
      return {
        kind: trial.kind,
        program: this.build(trial.instructions),
        params: {
          parents: trial.parents.join(','),
          ...(trial.components.length ? { components: trial.components.join(',') } : {}),
          ...(trial.candidateIndex !== undefined ? { candidate: trial.candidateIndex } : {}),
          ...(trial.skipped ? { skipped: trial.skipped } : {}),
          accepted: String(trial.accepted),
        },
        ...(trial.minibatch?.after.length
          ? { minibatch: { score: percentOf(mean(trial.minibatch.after)), size: trial.minibatch.after.length } }
          : {}),
        ...(trial.valScore !== undefined ? { full: percentOf(trial.valScore) } : {}),
        data: trial,
      };
    });
  }

  private async seed(): Promise<TrialBody> {
    const seedCandidate = Object.fromEntries([...this.predictors].map(([n, p]) => [n, p.signature.instructions]));
    const scores = await this.scores(seedCandidate, this.valset);
    this.state = GepaState.initial(seedCandidate, scores);
    return {
      iteration: -1,
      kind: 'seed',
      parents: [],
      components: [],
      instructions: seedCandidate,
      accepted: true,
      candidateIndex: 0,
      valScore: mean(scores),
      valSubscores: scores,
      failures: strip(noFailures()),
    };
  }

  private async fullEvalAndAdd(
    candidate: Candidate,
    parents: number[],
  ): Promise<{ idx: number; scores: number[]; rows: Rollout[] }> {
    const rows = await this.run(candidate, this.valset, false);
    const scores = rows.map((r) => r.score);
    const discoveredAt = this.state.data.totalEvals;
    this.state.data.totalEvals += rows.length;
    this.state.data.fullEvals++;
    return { idx: this.state.add(candidate, parents, scores, discoveredAt), scores, rows };
  }

  private async iteration(): Promise<TrialBody> {
    const m = this.merge;
    if (this.cfg.useMerge) {
      if (m.mergesDue > 0 && m.lastIterFoundNewProgram) {
        const proposal = proposeMerge(this.state, this.rng, m, this.names);
        m.lastIterFoundNewProgram = false;
        if (proposal) {
          const { candidate, id1, id2, subsample } = proposal;
          const rows = await this.run(
            candidate,
            subsample.map((i) => this.valset[i]!),
            false,
          );
          this.state.data.totalEvals += rows.length;
          const sub = (id: number) => subsample.map((i) => this.state.data.valSubscores[id]![i]!);
          const after = rows.map((r) => r.score);
          const failures = countFailures(noFailures(), rows);
          const base = {
            iteration: this.state.data.i,
            kind: 'merge' as const,
            parents: [id1, id2],
            components: this.names.filter((n) => candidate[n] !== this.state.candidates[proposal.ancestor]![n]),
            instructions: candidate,
            minibatch: { ids: subsample, before: sub(id1).map((a, k) => Math.max(a, sub(id2)[k]!)), after },
          };
          if (sum(after) >= Math.max(sum(sub(id1)), sum(sub(id2)))) {
            const added = await this.fullEvalAndAdd(candidate, [id1, id2]);
            m.mergesDue--;
            m.totalMergesTested++;
            return {
              ...base,
              accepted: true,
              candidateIndex: added.idx,
              valScore: mean(added.scores),
              valSubscores: added.scores,
              failures: strip(failures),
            };
          }
          return { ...base, accepted: false, failures: strip(failures) };
        }
      }
      m.lastIterFoundNewProgram = false;
    }
    return this.reflective();
  }

  private selectParent(): number {
    if (this.cfg.candidateSelectionStrategy === 'current_best') {
      const avg = this.state.averages();
      return avg.indexOf(Math.max(...avg));
    }
    return selectFromPareto(this.state.fronts(), this.state.averages(), this.rng);
  }

  /**
   * The parent, minibatch and parent rollouts of iteration `d.i`. An iteration that is skipped
   * (minibatch already perfect, or nothing ran) changes nothing but the RNG and the sampler, so
   * after a skip the next iterations' parents and minibatches are already determined: they are
   * drawn ahead (same draws, in the same order, from the same state) and their minibatches run
   * together, up to `concurrency` examples. The run is identical to the sequential one (same RNG
   * positions, candidates and metric-call count); only when a drawn-ahead iteration turns out not
   * to be skipped are the later ones' rollouts discarded (`speculativeEvals`, extra LM calls).
   */
  private async parentRollouts(): Promise<{ parentIdx: number; ids: number[]; before: Rollout[] }> {
    const d = this.state.data;
    const head = this.prefetched[0];
    if (head?.iteration === d.i) {
      this.prefetched.shift();
      this.ranAhead++;
      this.rng.setState(head.rngAfter);
      this.sampler.state = head.samplerAfter;
      return { parentIdx: head.parentIdx, ids: head.ids, before: await head.before };
    }
    this.discardPrefetched();
    const size = this.cfg.reflectionMinibatchSize;
    const maxWindow = this.cfg.speculate ? Math.max(1, Math.floor(this.cfg.concurrency / size)) : 1;
    const remaining = Math.ceil((this.budget - d.totalEvals) / size);
    const window = Math.max(1, Math.min(this.window, maxWindow, remaining));
    if (window === 1) {
      const parentIdx = this.selectParent();
      const ids = this.sampler.next(this.trainset.length, d.i);
      const batch = ids.map((i) => this.trainset[i]!);
      return { parentIdx, ids, before: await this.run(this.state.candidates[parentIdx]!, batch, true) };
    }
    const planned: GepaRun['prefetched'] = [];
    for (let j = 0; j < window; j++) {
      const parentIdx = this.selectParent();
      const ids = this.sampler.next(this.trainset.length, d.i + j);
      planned.push({
        iteration: d.i + j,
        parentIdx,
        ids,
        rngAfter: this.rng.getState(),
        samplerAfter: structuredClone(this.sampler.state),
        before: this.run(
          this.state.candidates[parentIdx]!,
          ids.map((i) => this.trainset[i]!),
          true,
        ),
      });
    }
    // Rejected speculation must not surface as an unhandled rejection.
    for (const p of planned.slice(1)) p.before.catch(() => undefined);
    const first = planned.shift()!;
    this.rng.setState(first.rngAfter);
    this.sampler.state = first.samplerAfter;
    this.prefetched = planned;
    return { parentIdx: first.parentIdx, ids: first.ids, before: await first.before };
  }

  /** Drops drawn-ahead iterations (the state changed); their rollouts are counted as wasted. */
  private discardPrefetched(): void {
    for (const p of this.prefetched) this.speculativeEvals += p.ids.length;
    this.prefetched = [];
  }

  private async reflective(): Promise<TrialBody> {
    const d = this.state.data;
    const { parentIdx, ids, before } = await this.parentRollouts();
    const parent = this.state.candidates[parentIdx]!;
    const batch = ids.map((i) => this.trainset[i]!);
    d.totalEvals += before.length;
    const failures = countFailures(noFailures(), before);
    const beforeScores = before.map((r) => r.score);
    const base: Mutable<TrialBody> = {
      iteration: d.i,
      kind: 'reflective',
      parents: [parentIdx],
      components: [],
      instructions: parent,
      accepted: false,
      failures: strip(failures),
    };
    if (!before.some((r) => r.prediction !== undefined)) {
      this.window *= 2;
      return { ...base, skipped: 'no-trajectories' };
    }
    if (this.cfg.skipPerfectScore && beforeScores.every((s) => s >= this.cfg.perfectScore)) {
      this.window *= 2;
      return { ...base, minibatch: { ids, before: beforeScores, after: [] }, skipped: 'all-perfect' };
    }
    // This iteration changes the state: iterations drawn ahead are void.
    this.window = 1;
    this.discardPrefetched();

    let components: string[];
    if (this.cfg.componentSelector === 'all') components = [...this.names];
    else {
      const pid = d.nextComponent[parentIdx]!;
      d.nextComponent[parentIdx] = (pid + 1) % this.names.length;
      components = [this.names[pid]!];
    }
    base.components = components;

    const program = this.build(parent);
    const named = new Map(program.namedPredictors());
    const dataset = new Map<string, ReflectiveRecord[]>();
    try {
      for (const name of components) {
        const records = await reflectiveRecords(name, named.get(name)!, before, this.cfg.metric, this.adapterRng);
        if (records.length) dataset.set(name, records);
      }
    } catch (error) {
      // gepa logs the exception and proposes nothing this iteration.
      if (this.signal?.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return {
        ...base,
        minibatch: { ids, before: beforeScores, after: [] },
        skipped: 'reflective-dataset-failed',
        errors: [message],
      };
    }
    if (!dataset.size)
      return { ...base, minibatch: { ids, before: beforeScores, after: [] }, skipped: 'no-reflective-examples' };

    // gepa reflects once for the batch and, when that fails, once more per task.
    const errors: string[] = [];
    let reflections: [string, Reflection][] | undefined;
    for (let attempt = 0; attempt < 2 && !reflections; attempt++) {
      try {
        reflections = await this.reflect(parent, components, dataset);
      } catch (error) {
        if (this.signal?.aborted) throw error;
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (!reflections)
      return { ...base, minibatch: { ids, before: beforeScores, after: [] }, skipped: 'reflection-failed', errors };
    if (!reflections.length) return { ...base, skipped: 'no-reflective-examples' };

    const child: Candidate = { ...parent };
    for (const [name, r] of reflections) child[name] = r.instruction;
    const after = await this.run(child, batch, true);
    d.totalEvals += after.length;
    countFailures(failures, after);
    const afterScores = after.map((r) => r.score);
    const trial = {
      ...base,
      instructions: child,
      minibatch: { ids, before: beforeScores, after: afterScores },
      reflections: reflections.map(([component, r]) => ({ component, raw: r.raw, extraction: r.extraction })),
      ...(errors.length ? { errors } : {}),
    };
    if (!(sum(afterScores) > sum(beforeScores))) return { ...trial, failures: strip(failures) };
    const added = await this.fullEvalAndAdd(child, [parentIdx]);
    if (this.cfg.useMerge) {
      this.merge.lastIterFoundNewProgram = true;
      if (this.merge.totalMergesTested < this.cfg.maxMergeInvocations) this.merge.mergesDue++;
    }
    return {
      ...trial,
      accepted: true,
      candidateIndex: added.idx,
      valScore: mean(added.scores),
      valSubscores: added.scores,
      failures: strip(failures),
    };
  }

  private async reflect(
    parent: Candidate,
    components: readonly string[],
    dataset: Map<string, ReflectiveRecord[]>,
  ): Promise<[string, Reflection][]> {
    const out: [string, Reflection][] = [];
    for (const name of components) {
      const records = dataset.get(name);
      if (!records || !(name in parent)) continue;
      out.push([
        name,
        await proposeInstruction({
          lm: this.cfg.reflectionLm,
          current: parent[name]!,
          records,
          prompt: this.cfg.reflectionPrompt,
          signal: this.signal,
        }),
      ]);
    }
    return out;
  }
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]) => (xs.length ? sum(xs) / xs.length : 0);
const strip = ({ program, lm, metric }: { program: number; lm: number; metric: number }) => ({ program, lm, metric });
