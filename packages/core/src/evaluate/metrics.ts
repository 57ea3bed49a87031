import { DspyError } from '../errors/dspy-error';
import { normalizeText, splitWhitespace } from './normalize';

/** Reference answers: one string or several acceptable ones. */
export type Answers = string | readonly string[];

function answerList(answers: Answers, what: string): readonly string[] {
  const list = typeof answers === 'string' ? [answers] : answers;
  if (!Array.isArray(list) || list.length === 0 || list.some((a) => typeof a !== 'string')) {
    throw new DspyError('INPUT_INVALID', `${what} needs a string or a non-empty list of strings as reference answers.`);
  }
  return list;
}

/** Overlapping token count of two normalized strings, as a multiset intersection. */
function overlap(pred: string[], gold: string[]): number {
  const counts = new Map<string, number>();
  for (const t of gold) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of pred) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  return same;
}

function tokenF1Pair(prediction: string, gold: string): number {
  return f1OfTokens(splitWhitespace(normalizeText(prediction)), splitWhitespace(normalizeText(gold)));
}

function f1OfTokens(p: string[], g: string[]): number {
  // Both empty scores 0 (DSPy prints a note; SQuAD-2.0 would give 1).
  const same = overlap(p, g);
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / g.length;
  return (2 * precision * recall) / (precision + recall);
}

const SPECIAL = ['yes', 'no', 'noanswer'];

function hotpotPair(prediction: string, gold: string): number {
  const p = normalizeText(prediction);
  const g = normalizeText(gold);
  if ((SPECIAL.includes(p) || SPECIAL.includes(g)) && p !== g) return 0;
  return f1OfTokens(splitWhitespace(p), splitWhitespace(g));
}

/**
 * True when the prediction equals any answer after `normalizeText` (DSPy's `EM`).
 *
 * @example
 * exactMatch('The Eiffel Tower', ['Eiffel Tower', 'Louvre']); // true
 */
export function exactMatch(prediction: string, answers: Answers): boolean {
  const p = normalizeText(prediction);
  return answerList(answers, 'exactMatch').some((a) => normalizeText(a) === p);
}

/**
 * Best token-level F1 against the answers, after normalization (DSPy's `F1`).
 *
 * @example
 * f1Score('Eiffel Tower is in Paris', 'Paris'); // 0.333…
 */
export function f1Score(prediction: string, answers: Answers): number {
  return Math.max(...answerList(answers, 'f1Score').map((a) => tokenF1Pair(prediction, a)));
}

/**
 * HotPotQA F1: like `f1Score`, but "yes"/"no"/"noanswer" must match exactly (DSPy's `HotPotF1`).
 *
 * @example
 * hotpotF1('yes', 'no'); // 0
 */
export function hotpotF1(prediction: string, answers: Answers): number {
  return Math.max(...answerList(answers, 'hotpotF1').map((a) => hotpotPair(prediction, a)));
}

/**
 * Best token precision of the prediction against the answers (DSPy's `precision_score`).
 *
 * @example
 * precisionScore('eiffel tower in paris', 'eiffel tower'); // 0.666…
 */
export function precisionScore(prediction: string, answers: Answers): number {
  return Math.max(
    ...answerList(answers, 'precisionScore').map((a) => {
      const p = splitWhitespace(normalizeText(prediction));
      const same = overlap(p, splitWhitespace(normalizeText(a)));
      return same === 0 ? 0 : same / p.length;
    }),
  );
}
