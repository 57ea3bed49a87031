import type { Example, SeededRandom, TraceEntry } from '@dspy-ts/core';
import type { PredictorLike } from '@dspy-ts/core/provider-kit';
import { pyScore } from '../internal/py-random';
import type { Rollout } from '../internal/rollouts';
import { fieldsOf } from '../internal/fields-of';

/** One record of GEPA's reflective dataset, DSPy's `ReflectiveExample` layout (keys in this order). */
export interface ReflectiveRecord {
  readonly Inputs: Record<string, unknown>;
  readonly 'Generated Outputs': Record<string, unknown>;
  readonly Feedback: string;
}

/**
 * A GEPA metric: DSPy's five-argument `GEPAFeedbackMetric`. While scoring candidates it is called
 * `(gold, pred)` (or with the trace); while building the reflective dataset it also receives the
 * name of the predictor being improved and that predictor's own step, and may return
 * `{ score, feedback }` with text the reflection model reads.
 *
 * @example
 * const metric: GepaMetric = (gold, pred) =>
 *   gold.answer === pred.answer ? 1 : { score: 0, feedback: `Expected ${gold.answer}; answer with the city only.` };
 */
export type GepaMetric = (
  gold: Example<any>,
  pred: any,
  trace?: readonly TraceEntry[],
  predName?: string,
  predTrace?: readonly TraceEntry[],
) => unknown;

/** DSPy's feedback function: the metric's feedback, or "This trajectory got a score of …". */
async function feedbackFor(metric: GepaMetric, predName: string, step: TraceEntry, rollout: Rollout): Promise<string> {
  const o = await metric(rollout.example, rollout.prediction, rollout.trace, predName, [step]);
  if (o !== null && typeof o === 'object' && 'score' in o) {
    const fb = (o as { feedback?: unknown }).feedback;
    if (fb === undefined || fb === null)
      return `This trajectory got a score of ${pyScore((o as { score: unknown }).score)}.`;
    return String(fb);
  }
  return `This trajectory got a score of ${pyScore(o)}.`;
}

/**
 * DSPy's `make_reflective_dataset` for one predictor: for each rollout that ran, one of that
 * predictor's steps (picked with the adapter's RNG, as DSPy, when it ran several times) with its
 * inputs, outputs and the metric's feedback. Rollouts whose program threw are left out (DSPy drops
 * failed parses unless `add_format_failure_as_feedback`).
 */
export async function reflectiveRecords(
  predName: string,
  predictor: PredictorLike,
  rollouts: readonly Rollout[],
  metric: GepaMetric,
  rng: SeededRandom,
): Promise<ReflectiveRecord[]> {
  const items: ReflectiveRecord[] = [];
  for (const r of rollouts) {
    if (r.prediction === undefined) continue;
    const steps = r.trace.filter((t) => (t.predictor as PredictorLike).signature?.equals(predictor.signature));
    if (!steps.length) continue;
    const step = rng.choice(steps);
    items.push({
      Inputs: { ...step.inputs },
      'Generated Outputs': fieldsOf(step.outputs),
      Feedback: await feedbackFor(metric, predName, step, r),
    });
  }
  return items;
}
