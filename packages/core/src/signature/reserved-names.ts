import { PREDICTION_RESERVED_KEYS } from '../primitives/reserved-keys';

/**
 * Field names a signature may not use: they would shadow members of `Example`/`Prediction`
 * (whose values are reachable as properties), JS object internals, or DSPy internals.
 * `then` is here because a Prediction with a `then` field would be taken for a Promise by `await`.
 * Names starting with `dspy_` are reserved too (DSPy hides them from keys/len).
 *
 * The Example/Prediction implementation aligns its member names with this list.
 *
 * @example
 * RESERVED_FIELD_NAMES.includes('completions'); // true
 */
export const RESERVED_FIELD_NAMES: readonly string[] = Object.freeze(
  [
    // Every member of Example / Prediction, from the one list their implementation uses.
    ...PREDICTION_RESERVED_KEYS,
    // Names users may expect from DSPy's Python API.
    'set',
    'getLmUsage',
    'setLmUsage',
    'fromCompletions',
    // JS object internals
    ...Object.getOwnPropertyNames(Object.prototype),
    'prototype',
    'then',
  ].filter((name, i, all) => all.indexOf(name) === i),
);

/** Prefix DSPy reserves for bookkeeping keys (`dspy_uuid`, `dspy_split`). */
export const RESERVED_FIELD_PREFIX = 'dspy_';

const reserved = new Set(RESERVED_FIELD_NAMES);

/**
 * True when `name` cannot be a field name (see `RESERVED_FIELD_NAMES`).
 *
 * @example
 * isReservedFieldName('dspy_uuid'); // true
 */
export function isReservedFieldName(name: string): boolean {
  return reserved.has(name) || name.startsWith(RESERVED_FIELD_PREFIX);
}

/** One sentence explaining the rule, for error messages. */
export function reservedNameHint(name: string): string {
  return name.startsWith(RESERVED_FIELD_PREFIX)
    ? `names starting with \`${RESERVED_FIELD_PREFIX}\` are reserved for DSPy bookkeeping`
    : `\`${name}\` is a member of Example/Prediction or of every JS object`;
}
