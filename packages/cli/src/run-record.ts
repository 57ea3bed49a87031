import { readFileSync } from 'node:fs';
import type { LmUsage } from '@dspy-ts/core';
import { UsageError } from './usage-error';
import { writeTextAtomic } from './write-atomic';

/** One evaluated example. */
export interface EvaluationRowRecord {
  readonly index: number;
  readonly inputs: Record<string, unknown>;
  readonly expected: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly score?: number;
  readonly error?: string;
  readonly lmCalls: number;
  readonly durationMs: number;
}

/** What `dspy-ts evaluate --save` writes and `dspy-ts report` reads. */
export interface EvaluationRun {
  readonly kind: 'evaluation';
  readonly createdAt: string;
  readonly program: string;
  readonly data: string;
  readonly metric: string;
  readonly lm: string;
  readonly score: number;
  readonly lmCalls: number;
  readonly tokens: LmUsage;
  readonly costUsd: number;
  readonly durationMs: number;
  readonly rows: readonly EvaluationRowRecord[];
}

/** A predictor's instructions and demos (original or optimized). */
export interface PredictorSnapshot {
  readonly name: string;
  readonly instructions: string;
  readonly demos: readonly Record<string, unknown>[];
}

/** One scored candidate of an optimization run. */
export interface TrialRecord {
  readonly trial: number;
  readonly label: string;
  readonly score: number;
  readonly lmCalls: number;
  readonly tokens: LmUsage;
  readonly costUsd: number;
  readonly durationMs: number;
  readonly resumed: boolean;
  /** ms since the run started when the trial finished. */
  readonly atMs: number;
}

/** What `dspy-ts compile` writes next to the compiled program and `dspy-ts report` reads. */
export interface OptimizationRun {
  readonly kind: 'optimization';
  readonly createdAt: string;
  readonly program: string;
  readonly optimizer: string;
  readonly metric: string;
  readonly lm: string;
  readonly trainSize: number;
  readonly valSize: number;
  readonly bestScore?: number;
  readonly bestTrial?: number;
  readonly lmCalls: number;
  readonly tokens: LmUsage;
  readonly costUsd: number;
  readonly durationMs: number;
  readonly trials: readonly TrialRecord[];
  /** LM calls and tokens per phase (candidate kind). */
  readonly phases: readonly { name: string; lmCalls: number; tokens: number; costUsd: number }[];
  readonly original: readonly PredictorSnapshot[];
  readonly best: readonly PredictorSnapshot[];
}

/**
 * A run file: an evaluation (`evaluate --save`) or an optimization (`compile --report`).
 *
 * @example
 * const run: RunRecord = readRun('runs/eval.json');
 * if (run.kind === 'evaluation') console.log(run.score);
 */
export type RunRecord = EvaluationRun | OptimizationRun;

/**
 * Writes `record` atomically (temp file + rename).
 *
 * @example
 * writeRun('runs/eval.json', run); // then: dspy-ts report runs/eval.json --html report.html
 */
export function writeRun(file: string, record: RunRecord): void {
  writeTextAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * Reads a run file written by `evaluate --save` or `compile --report`.
 *
 * @example
 * const run = readRun('run.json');
 */
export function readRun(file: string): RunRecord {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `run file not found: ${file}. Write one with \`dspy-ts evaluate --save ${file}\` or \`dspy-ts compile --report ${file}\`.`
        : `${file} is not valid JSON (${(err as Error).message}).`,
    );
  }
  const kind = (data as { kind?: unknown })?.kind;
  if (kind !== 'evaluation' && kind !== 'optimization')
    throw new UsageError(`${file} is not a dspy-ts run file (no "kind": "evaluation" | "optimization").`);
  return data as RunRecord;
}
