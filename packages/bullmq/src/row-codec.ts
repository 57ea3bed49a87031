import { DspyError, Example, Prediction, type ErrorCode, type EvaluationRow, type LmUsage } from '@dspy-ts/core';

/** What a worker sends back for one job: a row without its example (the coordinator has it). */
export interface EncodedRow {
  readonly prediction?:
    | { readonly kind: 'prediction'; readonly data: Record<string, unknown>; readonly usage?: Record<string, LmUsage> }
    | { readonly kind: 'value'; readonly value: unknown };
  readonly score: number | null;
  readonly error?: EncodedError;
  readonly errorKind?: 'lm' | 'program' | 'metric';
  readonly usage: Readonly<Record<string, LmUsage>>;
  readonly lmCalls: number;
  readonly cacheHits: number;
  readonly durationMs: number;
  /** Which worker computed it (for per-worker counts). */
  readonly worker: string;
}

/** An error as JSON: enough to rebuild a `DspyError` with its code, or a named `Error`. */
export interface EncodedError {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
}

export function encodeError(error: unknown): EncodedError {
  if (DspyError.is(error)) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

export function decodeError(e: EncodedError): Error {
  const error = e.code ? new DspyError(e.code as ErrorCode, e.message) : new Error(e.message);
  if (e.name && e.name !== error.name) Object.defineProperty(error, 'name', { value: e.name, enumerable: false });
  return error;
}

/** A row as JSON for the job's return value. */
export function encodeRow(row: EvaluationRow<any, unknown>, worker: string): EncodedRow {
  const p = row.prediction;
  let prediction: EncodedRow['prediction'];
  if (p instanceof Prediction) prediction = { kind: 'prediction', data: p.toDict(), usage: p.usage };
  else if (p !== undefined) prediction = { kind: 'value', value: JSON.parse(JSON.stringify(p)) as unknown };
  return {
    prediction,
    score: row.score ?? null,
    error: row.error === undefined ? undefined : encodeError(row.error),
    errorKind: row.errorKind,
    usage: row.usage,
    lmCalls: row.lmCalls,
    cacheHits: row.cacheHits,
    durationMs: row.durationMs,
    worker,
  };
}

/** The row as `Evaluate` would have produced it locally, for the example at `index`. */
export function decodeRow<E extends object>(
  encoded: EncodedRow,
  example: Example<E>,
  index: number,
): EvaluationRow<E, any> {
  let prediction: unknown;
  if (encoded.prediction?.kind === 'prediction') {
    const pred = new Prediction(encoded.prediction.data);
    if (encoded.prediction.usage) pred.setUsage(encoded.prediction.usage);
    prediction = pred;
  } else if (encoded.prediction?.kind === 'value') prediction = encoded.prediction.value;
  return {
    index,
    example,
    prediction,
    score: encoded.score ?? undefined,
    error: encoded.error ? decodeError(encoded.error) : undefined,
    errorKind: encoded.errorKind,
    usage: encoded.usage,
    lmCalls: encoded.lmCalls,
    cacheHits: encoded.cacheHits,
    durationMs: encoded.durationMs,
  };
}

/** A row for a job that failed outside the program (worker lost, attempts exhausted): unscored infrastructure failure. */
export function failedJobRow<E extends object>(
  example: Example<E>,
  index: number,
  reason: string,
): EvaluationRow<E, any> {
  const parsed = parseFailedReason(reason);
  return {
    index,
    example,
    prediction: undefined,
    score: undefined,
    error: decodeError(parsed),
    errorKind: 'lm',
    usage: {},
    lmCalls: 0,
    cacheHits: 0,
    durationMs: 0,
  };
}

const MARK = 'dspy-ts:';

/** The text a worker throws so the failure keeps its code (BullMQ keeps only the message). */
export function failedReasonOf(error: EncodedError): string {
  return `${MARK}${JSON.stringify(error)}`;
}

function parseFailedReason(reason: string): EncodedError {
  if (reason.startsWith(MARK)) {
    try {
      const e = JSON.parse(reason.slice(MARK.length)) as EncodedError;
      if (typeof e.message === 'string') return e;
    } catch {
      // fall through: not ours
    }
  }
  return { name: 'DspyError', code: 'QUEUE_UNAVAILABLE', message: `The job failed on the queue: ${reason}` };
}
