import { DspyError, type Example, type Metric, type MetricValue, type TraceEntry } from '@dspy-ts/core';

/** Calls a metric function or metric module with the bootstrapping trace (DSPy's 3-argument form). */
export async function callMetric(
  metric: Metric,
  example: Example<any>,
  prediction: unknown,
  trace?: readonly TraceEntry[],
): Promise<MetricValue> {
  return typeof metric === 'function' ? metric(example, prediction, trace) : metric.call(example, prediction, trace);
}

/**
 * DSPy's acceptance rule: with a threshold, `value >= threshold`; without, the value's truthiness
 * (a number is true when non-zero; a Prediction through its `score`).
 */
export function metricPasses(value: MetricValue, threshold: number | undefined): boolean {
  const n = typeof value === 'boolean' ? Number(value) : Number(value);
  if (Number.isNaN(n)) {
    throw new DspyError(
      'CONFIG_INVALID',
      `The metric returned ${String(value)}, which is not a number or boolean. Return a number, a boolean, or a Prediction with a numeric score.`,
    );
  }
  return threshold === undefined ? n !== 0 : n >= threshold;
}
