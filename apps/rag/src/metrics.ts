import { answerPassageMatch, exactMatch, type Example } from '@dspy-ts/core';
import { type CorpusPassage, passageText } from './corpus';

type Labels = { answer: string; aliases?: readonly string[]; supporting?: readonly string[] };
type Predicted = { answer?: unknown; context?: unknown };

/**
 * DSPy's `answer_exact_match` against the gold answer and its aliases ('Lake Minna' for 'Minna'):
 * the metric for dev scores and for accepting BootstrapFewShot traces.
 *
 * @example
 * answerMatch(new Example({ answer: 'Minna', aliases: ['Lake Minna'] }), { answer: 'lake minna' }); // true
 */
export function answerMatch(example: Example<Labels>, prediction: Predicted): boolean {
  const answer = typeof prediction.answer === 'string' ? prediction.answer : String(prediction.answer ?? '');
  return exactMatch(answer, [example.answer, ...(example.aliases ?? [])]);
}

/**
 * Retrieval recall as DSPy measures it (`answer_passage_match`): some retrieved passage holds the answer.
 *
 * @example
 * passageMatch(example, { context: ['Velden | Velden ... lies on the river Oster ...'] }); // true
 */
export function passageMatch(example: Example<Labels>, prediction: Predicted): boolean {
  return answerPassageMatch(example, { context: prediction.context ?? [] });
}

/**
 * Stricter retrieval recall: the share of the question's two supporting passages that were
 * retrieved (0, 0.5 or 1), matched by passage text.
 *
 * @example
 * const recall = goldPassageRecall(loadCorpus());
 * recall(example, prediction); // 0.5 when only the bridge passage was found
 */
export function goldPassageRecall(
  corpus: readonly CorpusPassage[],
): (example: Example<Labels>, prediction: Predicted) => number {
  const textOf = new Map(corpus.map((p) => [p.id, passageText(p)]));
  return (example, prediction) => {
    const gold = example.supporting ?? [];
    const context = new Set(Array.isArray(prediction.context) ? prediction.context.map(String) : []);
    return gold.length === 0 ? 0 : gold.filter((id) => context.has(textOf.get(id) ?? '')).length / gold.length;
  };
}

/**
 * The answer keeps to the signature's "often between 1 and 5 words": the format demos teach,
 * visible even when the model picks the wrong entity.
 *
 * @example
 * conciseAnswer({ answer: 'Oster' }); // true
 * conciseAnswer({ answer: 'The town of Velden lies on the river Oster.' }); // false
 */
export function conciseAnswer(prediction: Predicted): boolean {
  const words = String(prediction.answer ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean).length;
  return words >= 1 && words <= 5;
}
