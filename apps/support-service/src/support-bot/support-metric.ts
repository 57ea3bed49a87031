import { type Example, type TraceEntry, tokenF1 } from '@dspy-ts/core';

/** Below this token F1 against the reference reply, a teacher run does not become demos. */
export const BOOTSTRAP_MIN_F1 = 0.25;

/**
 * How good a reply is: token F1 against the reference reply (for evaluation). While
 * bootstrapping (a trace is given) a run only becomes demos when, besides reaching
 * `BOOTSTRAP_MIN_F1`, every step looks sane: a short search query that is not a URL, no runaway
 * repetition, no overlong text. A small teacher model otherwise teaches its own mistakes.
 *
 * @example
 * new BootstrapFewShot({ metric: supportMetric }); new Evaluate({ devset, metric: supportMetric });
 */
export function supportMetric(
  example: Example<any>,
  prediction: object,
  trace?: readonly TraceEntry[],
): number | boolean {
  const f1 = tokenF1(example, prediction);
  if (!trace) return f1;
  return f1 >= BOOTSTRAP_MIN_F1 && trace.every((step) => saneOutputs(plain(step.outputs)));
}

/** Whether a step's outputs are worth showing to the model as an example. */
export function saneOutputs(outputs: Record<string, unknown>): boolean {
  return Object.entries(outputs).every(([field, value]) => {
    if (typeof value !== 'string') return true;
    if (field === 'search_query' && (value.length > 80 || /https?:\/\/|www\./i.test(value))) return false;
    return value.length <= 700 && !repetitive(value);
  });
}

// Loops ("brick-v2-brick-v2-...") are what small models produce when they go wrong.
function repetitive(text: string): boolean {
  const words = text
    .toLowerCase()
    .split(/[\s\-/]+/)
    .filter(Boolean);
  return words.length >= 12 && new Set(words).size / words.length < 0.4;
}

function plain(outputs: unknown): Record<string, unknown> {
  const withDict = outputs as { toDict?: () => Record<string, unknown> };
  return typeof withDict.toDict === 'function' ? withDict.toDict() : (outputs as Record<string, unknown>);
}
