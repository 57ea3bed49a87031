import { PyFloat, pyFloatRepr } from '../py';
import type { FieldSpec } from '../signature/field-spec';
import { classProperties } from '../signature/class-properties';
import type { TypeRef } from '../signature/type-ref';
import { PyInt } from '../types/py-int';

const INT_MARK = '\u0000pyint';
const FLOAT_MARK = '\u0000pyfloat';
// The same keys as JSON text (a raw control character is not allowed inside a JSON string).
const INT_MARK_JSON = JSON.stringify(INT_MARK);
const FLOAT_MARK_JSON = JSON.stringify(FLOAT_MARK);

/**
 * `JSON.parse` that keeps Python's int/float distinction: integer literals (`5`, no `.` or
 * exponent) become `PyInt`, whole-number float literals (`5.0`, `1e3`) `PyFloat`, other numbers
 * are plain. Strings are untouched.
 *
 * @example
 * parseJsonKeepingInts('{"a": 5, "b": 5.0, "c": 0.5}'); // { a: PyInt(5), b: PyFloat(5), c: 0.5 }
 */
export function parseJsonKeepingInts(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))!;
      const isInt = m[1] === undefined && m[2] === undefined;
      const wholeFloat = !isInt && Number.isInteger(Number(m[0]));
      out += isInt ? `{${INT_MARK_JSON}:${m[0]}}` : wholeFloat ? `{${FLOAT_MARK_JSON}:${m[0]}}` : m[0];
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object') return value;
    if (INT_MARK in value) return new PyInt((value as Record<string, number>)[INT_MARK]!);
    if (FLOAT_MARK in value) return new PyFloat((value as Record<string, number>)[FLOAT_MARK]!);
    return value;
  });
}

/**
 * `PyInt`s back to plain numbers, except inside `demos` arrays when `keepDemos` (those are
 * resolved per field type by `demoIntsForFloatFields`).
 */
export function plainNumbers(value: unknown, keepDemos = false): unknown {
  if (value instanceof PyInt || value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map((v) => plainNumbers(v, keepDemos));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, keepDemos && k === 'demos' ? v : plainNumbers(v, keepDemos)]),
  );
}

/**
 * A loaded demo with `PyInt` kept only where the field type says `float` (there it prints as
 * Python's int, as in the file) and a whole-number float (`5.0`) as `PyFloat` everywhere but
 * `float` places (it prints `5.0` in an `Any`, `int` or `str` field too, as DSPy prints a Python
 * float); other numbers are plain.
 */
export function demoIntsForFloatFields(
  demo: Record<string, unknown>,
  fields: readonly FieldSpec[],
): Record<string, unknown> {
  const types = new Map(fields.map((f) => [f.name, f.type]));
  return Object.fromEntries(Object.entries(demo).map(([k, v]) => [k, intsWhereFloat(v, types.get(k))]));
}

function intsWhereFloat(value: unknown, type: TypeRef | undefined): unknown {
  if (value instanceof PyInt) return type?.kind === 'number' && !type.integer ? value : value.value;
  if (value instanceof PyFloat) return type?.kind === 'number' && !type.integer ? value.value : value;
  if (Array.isArray(value)) return value.map((v) => intsWhereFloat(v, type?.kind === 'array' ? type.items : undefined));
  if (value === null || typeof value !== 'object') return value;
  const propType = propertyTypeOf(type);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, intsWhereFloat(v, propType(k))]));
}

function propertyTypeOf(type: TypeRef | undefined): (key: string) => TypeRef | undefined {
  if (type?.kind === 'dict') return () => type.values;
  if (type?.kind !== 'class') return () => undefined;
  const props = new Map(classProperties(type.cls).map((p) => [p.name, p.type]));
  return (k) => props.get(k);
}

/**
 * A demo (already plain, as `dumpState` gives it) with whole numbers in `float` places wrapped
 * in `PyFloat`, so `stringifyWithFloats` writes them as Python does (`5.0`).
 */
export function demoFloatsMarked(demo: Record<string, unknown>, fields: readonly FieldSpec[]): Record<string, unknown> {
  const types = new Map(fields.map((f) => [f.name, f.type]));
  return Object.fromEntries(Object.entries(demo).map(([k, v]) => [k, floatsMarked(v, types.get(k))]));
}

function floatsMarked(value: unknown, type: TypeRef | undefined): unknown {
  if (value instanceof PyInt || value instanceof PyFloat) return value; // written as the file had it
  if (typeof value === 'number')
    return type?.kind === 'number' && !type.integer && Number.isInteger(value) ? new PyFloat(value) : value;
  if (Array.isArray(value)) return value.map((v) => floatsMarked(v, type?.kind === 'array' ? type.items : undefined));
  if (value === null || typeof value !== 'object') return value;
  const propType = propertyTypeOf(type);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, floatsMarked(v, propType(k))]));
}

/**
 * `JSON.stringify(value, null, 2)` that writes `PyFloat`s as Python floats (`5.0`).
 *
 * @example
 * stringifyWithFloats({ a: new PyFloat(5) }); // '{\n  "a": 5.0\n}'
 */
export function stringifyWithFloats(value: unknown): string {
  const nonce = Math.random().toString(36).slice(2);
  const text = JSON.stringify(
    value,
    function (this: unknown, key: string, v: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      return raw instanceof PyFloat && Number.isFinite(raw.value) ? `@@pyfloat${nonce}:${pyFloatRepr(raw.value)}@@` : v;
    },
    2,
  );
  return text.replace(new RegExp(`"@@pyfloat${nonce}:([^"@]*)@@"`, 'g'), '$1');
}
