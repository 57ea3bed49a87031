import { DspyError } from '../errors/dspy-error';
import { addUsage, ZERO_USAGE } from '../lm/language-model';
import { costOfUsage } from '../observability/pricing';
import { describeError } from '../utils/describe-error';
import { pyRound } from '../utils/py-round';
import { EvaluationResult } from './evaluation-result';
import type { EvaluationRow } from './types';

/**
 * The score (mean over scored rows × 100, Python-rounded to 2 decimals) and totals of finished rows.
 * LM failures are left out of the mean; if nothing could be scored, that is an error, not a 0.
 *
 * @example
 * const result = summarizeRows(rows, performance.now() - started, 'exactMatch');
 * result.score; // mean of the scored rows × 100
 */
export function summarize<E extends object, P>(
  rows: EvaluationRow<E, P>[],
  durationMs: number,
  metric: string,
): EvaluationResult<E, P> {
  const scoredRows = rows.filter((r) => r.score !== undefined);
  const lmErrors = rows.filter((r) => r.errorKind === 'lm');
  if (scoredRows.length === 0) {
    throw new DspyError(
      'LM_ERROR',
      `Every example failed with an LM error, so nothing was scored. First error: ${describeError(lmErrors[0]?.error)}`,
      {
        cause: lmErrors[0]?.error,
        details: { rows },
      },
    );
  }
  const sum = scoredRows.reduce((s, r) => s + r.score!, 0);
  const totals = {
    lmCalls: rows.reduce((s, r) => s + r.lmCalls, 0),
    cacheHits: rows.reduce((s, r) => s + r.cacheHits, 0),
    tokens: rows.flatMap((r) => Object.values(r.usage)).reduce(addUsage, ZERO_USAGE),
    costUsd: rows.reduce((s, r) => s + costOfUsage(r.usage), 0),
    durationMs,
    errors: rows.filter((r) => r.errorKind !== undefined).length,
    lmErrors: lmErrors.length,
    scored: scoredRows.length,
  };
  return new EvaluationResult(pyRound((100 * sum) / scoredRows.length, 2), rows, totals, metric);
}

/**
 * Restates a cancellation in evaluation terms; `details.rows` keeps the rows finished so far.
 *
 * @example
 * if (DspyError.is(error, 'EXECUTION_CANCELLED')) throw withEvaluationSummary(error, rows, maxErrors);
 */
export function withSummary(error: DspyError, rows: EvaluationRow[], maxErrors: number): DspyError {
  const done = rows.filter(Boolean);
  const failed = done.filter((r) => r.errorKind !== undefined);
  if (failed.length < maxErrors)
    return new DspyError('EXECUTION_CANCELLED', error.message, {
      cause: error.cause,
      details: { ...error.details, rows: done },
    });
  const lm = failed.filter((r) => r.errorKind === 'lm').length;
  return new DspyError(
    'EXECUTION_CANCELLED',
    `Execution cancelled due to errors or interruption. Evaluation stopped after ${failed.length} failed examples ` +
      `(maxErrors=${maxErrors}): ${lm} LM errors, ${failed.length - lm} program/metric errors. ` +
      `First error (example ${failed[0]!.index}): ${describeError(failed[0]!.error)}`,
    { cause: failed[0]!.error, details: { ...error.details, rows: done } },
  );
}
