import { exactMatch, type Example, f1Score, type Metric } from '@dspy-ts/core';
import { UsageError } from './usage-error';

/** The label fields of an example (its non-input keys). */
function labels(example: Example<any>): string[] {
  return example.labels().keys();
}

function field(prediction: unknown, key: string): string {
  const value = (prediction as Record<string, unknown> | undefined)?.[key];
  return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Built-in metrics, each scoring every label field of the example against the prediction. */
const BUILT_IN: Record<string, { describe: string; metric: Metric }> = {
  exact: {
    describe: 'every label field equals the prediction after normalisation (case, punctuation, articles)',
    metric: (example, prediction) =>
      labels(example).every((k) => exactMatch(field(prediction, k), [text(example.toDict()[k])])),
  },
  f1: {
    describe: 'mean token F1 of the label fields',
    metric: (example, prediction) => {
      const keys = labels(example);
      return (
        keys.reduce((sum, k) => sum + f1Score(field(prediction, k), [text(example.toDict()[k])]), 0) /
        (keys.length || 1)
      );
    },
  },
  contains: {
    describe: 'every label appears in the predicted field (case-insensitive)',
    metric: (example, prediction) =>
      labels(example).every((k) =>
        field(prediction, k).toLowerCase().includes(text(example.toDict()[k]).toLowerCase()),
      ),
  },
};

export const METRIC_NAMES = Object.keys(BUILT_IN);

/**
 * The metric named on the command line, or the one the program module exports (`export const metric`).
 *
 * @example
 * const metric = chooseMetric('exact', undefined);
 */
export function chooseMetric(
  name: string | undefined,
  fromModule: Metric | undefined,
): { name: string; metric: Metric } {
  if (name === undefined || name === 'module') {
    if (fromModule) return { name: 'module metric', metric: fromModule };
    throw new UsageError(
      `no metric: pass --metric ${METRIC_NAMES.join('|')} or export \`metric\` from the program module.`,
    );
  }
  const found = BUILT_IN[name];
  if (!found)
    throw new UsageError(
      `unknown metric '${name}': use one of ${METRIC_NAMES.join(', ')}, or 'module' for the module's own \`metric\` export.`,
    );
  return { name, metric: found.metric };
}
