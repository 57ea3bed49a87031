import type { LmUsage } from '@dspy-ts/core';

/** One GEPA iteration: what it tried, how it scored, what it cost. `JSON.stringify`s cleanly. */
export interface GepaTrial {
  /** Iteration number, from 0 (the seed evaluation is -1). */
  readonly iteration: number;
  readonly kind: 'seed' | 'reflective' | 'merge';
  /** Parent candidate indices. */
  readonly parents: readonly number[];
  /** Predictors whose instruction this trial rewrote. */
  readonly components: readonly string[];
  /** The candidate tried: instruction per predictor. */
  readonly instructions: Readonly<Record<string, string>>;
  /** Train (reflective) or valset (merge) indices it was first tried on, and per-example scores before/after. */
  readonly minibatch?: {
    readonly ids: readonly number[];
    readonly before: readonly number[];
    readonly after: readonly number[];
  };
  /** Whether it joined the candidate pool (then it was scored on the whole valset). */
  readonly accepted: boolean;
  /** Its index in the pool, when accepted. */
  readonly candidateIndex?: number;
  /** Mean valset score (0–1) and per-example scores, when accepted. */
  readonly valScore?: number;
  readonly valSubscores?: readonly number[];
  /** Why nothing was proposed: the minibatch was already perfect, no rollout ran, reflection failed... */
  readonly skipped?:
    | 'all-perfect'
    | 'no-trajectories'
    | 'no-reflective-examples'
    | 'reflection-failed'
    | 'reflective-dataset-failed';
  /** What the reflection model replied and how the instruction was read (see `Reflection.extraction`). */
  readonly reflections?: readonly { readonly component: string; readonly raw: string; readonly extraction: string }[];
  /** Reflection errors, as text. */
  readonly errors?: readonly string[];
  /** Examples whose program or metric failed in this trial (scored `failureScore`). */
  readonly failures: { readonly program: number; readonly lm: number; readonly metric: number };
  /** Metric calls spent so far, after this trial. */
  readonly metricCalls: number;
  readonly lmCalls: number;
  readonly tokens: LmUsage;
  readonly durationMs: number;
  /** Read back from a checkpoint rather than run again. */
  readonly resumed?: boolean;
}
