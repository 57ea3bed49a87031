import { DspyError } from '../errors/dspy-error';
import { toPlain } from '../primitives/structural';
import { writeFileAtomic } from '../utils/atomic-write';
import { toCsv } from './csv';
import type { EvaluationRow, EvaluationTotals } from './types';

/** An error as plain JSON: name, DspyError code when there is one, message. */
function errorToJSON(error: unknown): { name: string; code?: string; message: string } | undefined {
  if (error === undefined) return undefined;
  if (DspyError.is(error)) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

function errorCell(error: unknown): string {
  const e = errorToJSON(error);
  return e ? `${e.code ?? e.name}: ${e.message}` : '';
}

/** A prediction as table fields: its own fields, `{ prediction }` for a non-record value, none when it failed. */
function predictionFields(prediction: unknown): Record<string, unknown> {
  if (prediction === undefined) return {};
  const plain = toPlain(prediction);
  return typeof plain === 'object' && plain !== null && !Array.isArray(plain)
    ? (plain as Record<string, unknown>)
    : { prediction: plain };
}

/**
 * Example and prediction fields side by side. A name both sides use anywhere in the table becomes
 * `example_x` / `pred_x` in every row (DSPy's table does it per row), so CSV columns stay aligned.
 */
function mergeTable(pairs: readonly [Record<string, unknown>, Record<string, unknown>][]): Record<string, unknown>[] {
  const exampleKeys = new Set(pairs.flatMap(([e]) => Object.keys(e)));
  const predKeys = new Set(pairs.flatMap(([, p]) => Object.keys(p)));
  return pairs.map(([e, p]) => ({
    ...Object.fromEntries(Object.entries(e).map(([k, v]) => [predKeys.has(k) ? `example_${k}` : k, v])),
    ...Object.fromEntries(Object.entries(p).map(([k, v]) => [exampleKeys.has(k) ? `pred_${k}` : k, v])),
  }));
}

/**
 * What `Evaluate.run` returns: the score (mean × 100, rounded to 2 decimals, as DSPy), one row per
 * example and run totals; exportable as JSON or CSV.
 *
 * @example
 * const result = await evaluate.run(program);
 * console.log(result.score, result.totals.tokens.totalTokens, result.totals.costUsd);
 * await result.saveCsv('out/dev.csv');
 */
export class EvaluationResult<E extends object = any, P = unknown> {
  constructor(
    readonly score: number,
    readonly rows: readonly EvaluationRow<E, P>[],
    readonly totals: EvaluationTotals,
    /** Name of the metric column in exports (the metric function's name, as DSPy). */
    readonly metricName = 'score',
  ) {}

  /** Rows as plain JSON (examples and predictions through `toDict`, errors as `{ name, code, message }`). */
  toJSON(): { score: number; metric: string; totals: EvaluationTotals; rows: Record<string, unknown>[] } {
    const rows = this.rows.map((r) => ({
      index: r.index,
      example: r.example.toDict(),
      prediction: toPlain(r.prediction),
      score: r.score ?? null,
      error: errorToJSON(r.error) ?? null,
      errorKind: r.errorKind ?? null,
      usage: r.usage,
      lmCalls: r.lmCalls,
      durationMs: r.durationMs,
    }));
    return { score: this.score, metric: this.metricName, totals: this.totals, rows };
  }

  /** One flat record per row: example and prediction fields, the metric column, error, tokens, duration. */
  toRecords(): Record<string, unknown>[] {
    const merged = mergeTable(this.rows.map((r) => [r.example.toDict(), predictionFields(r.prediction)]));
    return this.rows.map((r, i) => ({
      ...merged[i],
      [this.metricName]: r.score ?? null,
      error: errorCell(r.error),
      totalTokens: Object.values(r.usage).reduce((s, u) => s + u.totalTokens, 0),
      durationMs: Math.round(r.durationMs),
    }));
  }

  /** Writes `toJSON()` (pretty-printed) atomically. */
  async saveJson(path: string): Promise<void> {
    await writeFileAtomic(path, `${JSON.stringify(this, null, 2)}\n`);
  }

  /** Writes `toRecords()` as CSV atomically; object cells are JSON. */
  async saveCsv(path: string): Promise<void> {
    await writeFileAtomic(path, toCsv(this.toRecords()));
  }

  /** DSPy's repr: `EvaluationResult(score=100.0, results=<list of 2 results>)`, JS number formatting. */
  toString(): string {
    return `EvaluationResult(score=${this.score}, results=<list of ${this.rows.length} results>)`;
  }
}
