import { DspyError } from '../errors/dspy-error';
import { dprNormalize, hasAnswer } from './dpr';
import { type Answers, exactMatch, f1Score } from './metrics';
import { normalizeText } from './normalize';

/*
 * Metrics with the `(example, prediction, trace?)` shape that Evaluate and optimizers call,
 * built on the string metrics of metrics.ts.
 */

/** Reads a field from an Example/Prediction (via `get`, so reserved names work) or a plain object. */
function fieldOf(source: object, name: string): unknown {
  const s = source as { get?: (k: string) => unknown; has?: (k: string) => boolean };
  if (typeof s.get === 'function' && typeof s.has === 'function') return s.has(name) ? s.get(name) : undefined;
  return (source as Record<string, unknown>)[name];
}

function predictedText(prediction: object, field: string, metric: string): string {
  const value = fieldOf(prediction, field);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new DspyError(
    'INPUT_INVALID',
    `${metric} needs a \`${field}\` field on the prediction; got ${value === undefined ? 'none' : typeof value}.`,
  );
}

function goldAnswers(example: object, field: string, metric: string): Answers {
  const value = fieldOf(example, field);
  if (
    typeof value === 'string' ||
    (Array.isArray(value) && value.length > 0 && value.every((a) => typeof a === 'string'))
  )
    return value as Answers;
  throw new DspyError(
    'INPUT_INVALID',
    `${metric}: invalid answer type ${value === null ? 'null' : typeof value}; \`example.${field}\` must be a string or a list of strings.`,
  );
}

/**
 * DSPy's `answer_exact_match`: `prediction.answer` against `example.answer` (string or list).
 * `frac >= 1` means exact match after normalization; below 1, the best token F1 must reach `frac`.
 *
 * @example
 * const evaluate = new Evaluate({ devset, metric: answerExactMatch });
 * answerExactMatch(new Example({ answer: ['Eiffel Tower'] }), new Prediction({ answer: 'The Eiffel Tower' })); // true
 */
export function answerExactMatch(
  example: object,
  prediction: object,
  _trace?: unknown,
  options: { frac?: number } = {},
): boolean {
  const frac = options.frac ?? 1;
  const pred = predictedText(prediction, 'answer', 'answerExactMatch');
  const gold = goldAnswers(example, 'answer', 'answerExactMatch');
  return frac >= 1 ? exactMatch(pred, gold) : f1Score(pred, gold) >= frac;
}

/**
 * DSPy's `answer_passage_match`: true when any passage in `prediction.context` contains any answer.
 *
 * @example
 * answerPassageMatch(new Example({ answer: 'Eiffel Tower' }), new Prediction({ context: ['The Eiffel Tower is in Paris.'] })); // true
 */
export function answerPassageMatch(example: object, prediction: object, _trace?: unknown): boolean {
  const answers = goldAnswers(example, 'answer', 'answerPassageMatch');
  const gold = typeof answers === 'string' ? [answers] : answers;
  const context = fieldOf(prediction, 'context');
  const passages = typeof context === 'string' ? [context] : Array.isArray(context) ? context.map(String) : [];
  const tokenized = gold.map((a) => dprNormalize(normalizeText(a)));
  return passages.some((p) => hasAnswer(tokenized, normalizeText(p)));
}

/**
 * Token-level F1 of `prediction[field]` against `example[field]` (string or list), a soft metric.
 *
 * @example
 * const evaluate = new Evaluate({ devset, metric: tokenF1 });
 */
export function tokenF1(
  example: object,
  prediction: object,
  _trace?: unknown,
  options: { field?: string } = {},
): number {
  const field = options.field ?? 'answer';
  return f1Score(predictedText(prediction, field, 'tokenF1'), goldAnswers(example, field, 'tokenF1'));
}
