import { classTransformer } from '../utils/lazy-deps';
import { ToolCalls } from '../types/tool-calls';
import { classProperties } from '../signature/class-properties';
import type { TypeRef } from '../signature/type-ref';
import { Image } from '../types/image';
import { pyRepr } from '../py';
import { isPlainObject } from '../utils/is-plain-object';

/**
 * A value that does not fit its type; the message reads like pydantic's.
 *
 * @example
 * coerceValue('x', T.int); // throws CoercionError: Input should be a valid integer, unable to parse string as an integer [input_value='x']
 */
export class CoercionError extends Error {
  override readonly name = 'CoercionError';
}

/** pydantic's list of allowed values: `'a'`, `'a' or 'b'`, `1, 2 or 3`. */
function oneOf(values: readonly unknown[]): string {
  const reprs = values.map((v) => pyRepr(v));
  return reprs.length < 2 ? (reprs[0] ?? '') : `${reprs.slice(0, -1).join(', ')} or ${reprs.at(-1)}`;
}

const TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no']);
const INT_TEXT = /^[+-]?\d(?:_?\d)*$/;
const FLOAT_TEXT =
  /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d+)?$|^[+-]?(?:inf|infinity|nan)$/i;

/**
 * Validates `value` against `type` the way pydantic's lax mode does for the equivalent Python
 * type (`TypeAdapter(annotation).validate_python`): `"42"` → 42 for ints, `"true"`/`"yes"` →
 * true for bools, 3.0 → 3 for ints; strings are never made from numbers. Nested classes
 * become instances (class-transformer), unknown keys are dropped, required keys checked.
 * `nullable` admits null/undefined (`Optional[X]`), returned as `null` (Python's `None`).
 *
 * @example
 * coerceValue('42', T.int); // 42
 * coerceValue(['1', 2], T.array(T.int)); // [1, 2]
 */
export function coerceValue(value: unknown, type: TypeRef, nullable = false, path = ''): unknown {
  if ((value === null || value === undefined) && (nullable || type.kind === 'any')) return nullable ? null : value;
  const fail = (what: string): never => {
    throw new CoercionError(`${path ? `${path}: ` : ''}Input should be ${what} [input_value=${pyRepr(value)}]`);
  };
  switch (type.kind) {
    case 'any':
      return value;
    case 'string':
      return typeof value === 'string' ? value : fail('a valid string');
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 0 || value === 1) return value === 1;
      if (typeof value === 'string' && TRUE.has(value.trim().toLowerCase())) return true;
      if (typeof value === 'string' && FALSE.has(value.trim().toLowerCase())) return false;
      return fail('a valid boolean');
    case 'number':
      return type.integer ? toInt(value, fail) : toFloat(value, fail);
    case 'literal': {
      if (type.values.includes(value as string | number | boolean)) return value;
      return fail(oneOf(type.values));
    }
    case 'enum':
      return type.values.includes(value as string | number) ? value : fail(oneOf(type.values));
    case 'array':
      if (!Array.isArray(value)) return fail('a valid list');
      return value.map((v, i) => coerceValue(v, type.items, false, `${path}${path ? '.' : ''}${i}`));
    case 'dict':
      if (!isPlainObject(value)) return fail('a valid dictionary');
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, coerceValue(v, type.values, false, join(path, k))]),
      );
    case 'image':
      return toImage(value, fail);
    case 'class':
      if (type.cls === ToolCalls) return toToolCalls(value, fail);
      return toInstance(value, type.cls, path, fail);
  }
}

// DSPy validates a ToolCalls output with `ToolCalls.model_validate` (its accepted shapes, not a class's properties).
function toToolCalls(value: unknown, fail: (what: string) => never): ToolCalls {
  try {
    return ToolCalls.from(value);
  } catch {
    return fail('a JSON object like {"tool_calls": [{"name": "...", "args": {...}}]}');
  }
}

function toInt(value: unknown, fail: (what: string) => never): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number')
    return Number.isInteger(value) ? value : fail('a valid integer, got a number with a fractional part');
  if (typeof value === 'string') {
    const t = value.trim();
    if (INT_TEXT.test(t)) return Number(t.replace(/_/g, ''));
    if (FLOAT_TEXT.test(t) && Number.isInteger(Number(t.replace(/_/g, '')))) return Number(t.replace(/_/g, ''));
    return fail('a valid integer, unable to parse string as an integer');
  }
  return fail('a valid integer');
}

function toFloat(value: unknown, fail: (what: string) => never): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && FLOAT_TEXT.test(value.trim())) {
    const t = value.trim().replace(/_/g, '').toLowerCase();
    return /inf/.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : t.endsWith('nan') ? NaN : Number(t);
  }
  return fail(typeof value === 'string' ? 'a valid number, unable to parse string as a number' : 'a valid number');
}

type Ctor = new (...args: never[]) => object;

function toInstance(value: unknown, cls: Ctor, path: string, fail: (what: string) => never): object {
  if (value instanceof cls) return value;
  if (!isPlainObject(value)) return fail(`a valid dictionary or instance of ${cls.name}`);
  const props = classProperties(cls);
  if (props.length === 0) return classTransformer().plainToInstance(cls as new () => object, value);
  const plain: Record<string, unknown> = {};
  for (const p of props) {
    const v = value[p.name];
    if (v === undefined && !p.optional) throw new CoercionError(`${join(path, p.name)}: Field required`);
    const c = coerceValue(v, p.type, p.optional, join(path, p.name));
    if (c !== undefined) plain[p.name] = c;
  }
  return classTransformer().plainToInstance(cls as new () => object, plain);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** pydantic validating `dspy.Image`: an instance, a URL/data URI string, or `{ url }`. */
function toImage(value: unknown, fail: (what: string) => never): Image {
  if (value instanceof Image) return value;
  const url =
    typeof value === 'string' ? value : isPlainObject(value) && typeof value.url === 'string' ? value.url : undefined;
  if (url === undefined) return fail('an image URL, a data URI or an object with a `url`');
  try {
    return new Image(url);
  } catch {
    return fail('an http(s) image URL or a data URI');
  }
}
