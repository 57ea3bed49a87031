import { pyRepr } from '../py';
import { isPlainObject } from '../utils/is-plain-object';

type Schema = Record<string, unknown>;

/**
 * Checks one value against a JSON Schema and returns the first problem, worded like Python's
 * `jsonschema` (`'abc' is not of type 'integer'`), which DSPy's `Tool` puts in its
 * `Arg x is invalid: ...` message; `undefined` when the value fits. Covers the keywords tool
 * argument schemas use: `type`, `enum`, `const`, `properties`/`required`/`additionalProperties`,
 * `items`, `anyOf`/`oneOf`/`allOf`, numeric and length bounds, `pattern`. Unknown keywords pass.
 *
 * @example
 * schemaProblem({ type: 'integer' }, 'abc'); // "'abc' is not of type 'integer'"
 * schemaProblem({ type: 'integer' }, 3);     // undefined
 */
export function schemaProblem(schema: unknown, value: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const s = schema as Schema;
  const shown = () => pyRepr(value);

  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => isOfType(t, value)))
      return `${shown()} is not of type ${types.map((t) => pyRepr(t)).join(', ')}`;
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => sameJson(e, value)))
    return `${shown()} is not one of ${pyRepr(s.enum)}`;
  if ('const' in s && !sameJson(s.const, value)) return `${pyRepr(s.const)} was expected`;

  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && !options.some((o) => schemaProblem(o, value) === undefined)) {
      return `${shown()} is not valid under any of the given schemas`;
    }
  }
  if (Array.isArray(s.allOf)) {
    for (const sub of s.allOf) {
      const problem = schemaProblem(sub, value);
      if (problem) return problem;
    }
  }

  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum)
      return `${shown()} is less than the minimum of ${pyRepr(s.minimum)}`;
    if (typeof s.maximum === 'number' && value > s.maximum)
      return `${shown()} is greater than the maximum of ${pyRepr(s.maximum)}`;
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      return `${shown()} is less than or equal to the minimum of ${pyRepr(s.exclusiveMinimum)}`;
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      return `${shown()} is greater than or equal to the maximum of ${pyRepr(s.exclusiveMaximum)}`;
    if (typeof s.multipleOf === 'number' && s.multipleOf !== 0 && !Number.isInteger(value / s.multipleOf))
      return `${shown()} is not a multiple of ${pyRepr(s.multipleOf)}`;
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof s.minLength === 'number' && length < s.minLength) return `${shown()} is too short`;
    if (typeof s.maxLength === 'number' && length > s.maxLength) return `${shown()} is too long`;
    if (typeof s.pattern === 'string' && !matches(s.pattern, value))
      return `${shown()} does not match ${pyRepr(s.pattern)}`;
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) return `${shown()} is too short`;
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) return `${shown()} is too long`;
    if (s.items && typeof s.items === 'object') {
      for (const item of value) {
        const problem = schemaProblem(s.items, item);
        if (problem) return problem;
      }
    }
  }
  if (isPlainObject(value)) return objectProblem(s, value);
  return undefined;
}

function objectProblem(s: Schema, value: Record<string, unknown>): string | undefined {
  const properties = (isPlainObject(s.properties) ? s.properties : {}) as Record<string, unknown>;
  for (const name of Array.isArray(s.required) ? (s.required as string[]) : []) {
    if (value[name] === undefined) return `${pyRepr(name)} is a required property`;
  }
  const extra = Object.keys(value).filter((k) => !(k in properties));
  if (s.additionalProperties === false && extra.length) {
    return `Additional properties are not allowed (${extra.map((k) => pyRepr(k)).join(', ')} ${extra.length === 1 ? 'was' : 'were'} unexpected)`;
  }
  for (const [k, v] of Object.entries(value)) {
    const sub =
      k in properties ? properties[k] : isPlainObject(s.additionalProperties) ? s.additionalProperties : undefined;
    const problem = v === undefined ? undefined : schemaProblem(sub, v);
    if (problem) return problem;
  }
  return undefined;
}

/** A pattern JS cannot compile (Python-only syntax) is not held against the value. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

function isOfType(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    default:
      return true;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
