/**
 * Member names of Example, plus `then`. A data field with one of these names (or a name
 * `Object.prototype` has, such as `hasOwnProperty`) is kept and readable with `get(name)`, but is
 * not exposed as a property, where it would hide the method. `then` is never exposed because
 * `await` would take an object with a callable `then` for a Promise.
 */
export const EXAMPLE_RESERVED_KEYS = Object.freeze([
  'get',
  'has',
  'keys',
  'values',
  'items',
  'size',
  'length',
  'inputKeys',
  'withInputs',
  'inputs',
  'labels',
  'copy',
  'without',
  'toDict',
  'toJSON',
  'toString',
  'equals',
  'hash',
  'constructor',
  'then',
] as const);

/** Example's reserved names plus Prediction's own members. */
export const PREDICTION_RESERVED_KEYS = Object.freeze([
  ...EXAMPLE_RESERVED_KEYS,
  'completions',
  'usage',
  'setUsage',
  'valueOf',
] as const);
