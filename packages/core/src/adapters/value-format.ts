import type { FieldSpec } from '../signature/field-spec';
import { classProperties } from '../signature/class-properties';
import type { TypeRef } from '../signature/type-ref';
import { PyFloat, pyJsonDumps, pyStr, pyStrip } from '../py';
import { PyInt } from '../types/py-int';

const ANY: TypeRef = { kind: 'any' };

/**
 * DSPy's `serialize_for_json`: turns a value into JSON-like data. Class instances become plain
 * objects (own properties, in order), `Date`s ISO strings, `Map`/`Set` objects/arrays. Numbers
 * of `float`-typed places are wrapped in `PyFloat` so they print as Python floats (`1.0`).
 *
 * @example
 * pyJsonDumps(toJsonable([1, 0.5], T.array(T.float))); // '[1.0, 0.5]'
 */
export function toJsonable(value: unknown, type: TypeRef = ANY): unknown {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'number':
      return type.kind === 'number' && !type.integer ? new PyFloat(value) : value;
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof PyFloat) return value;
  if (value instanceof PyInt) return value.value; // an int where the type says float: printed as an int
  if (value instanceof Date) return value.toISOString();
  const itemType = type.kind === 'array' ? type.items : ANY;
  if (Array.isArray(value) || value instanceof Set) return [...value].map((v) => toJsonable(v, itemType));
  if (value instanceof Map) return toJsonable(Object.fromEntries(value), type);
  const custom = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof custom === 'function') return toJsonable(custom.call(value), type);
  const propTypes = propertyTypes(type);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) out[k] = toJsonable(v, propTypes(k));
  }
  return out;
}

const classPropertyTypes = new WeakMap<Function, ReadonlyMap<string, TypeRef>>();

function propertyTypes(type: TypeRef): (key: string) => TypeRef {
  if (type.kind === 'dict') return () => type.values;
  if (type.kind !== 'class') return () => ANY;
  let props = classPropertyTypes.get(type.cls);
  if (!props)
    classPropertyTypes.set(type.cls, (props = new Map(classProperties(type.cls).map((p) => [p.name, p.type]))));
  return (k) => props.get(k) ?? ANY;
}

/**
 * DSPy's `format_field_value`: how a value is written into a prompt. A list given to a plain
 * `str` field becomes a numbered `«»` list; lists, objects and class instances become compact
 * JSON (`", "`/`": "` separators, no ASCII escaping); other values print as Python's `str()`
 * (`True`, `None`, `3.0`); strings go in as they are.
 *
 * @example
 * formatFieldValue(stringField, ['alpha', 'beta']); // '[1] «alpha»\n[2] «beta»'
 * formatFieldValue(anyField, { a: true }); // '{"a": true}'
 */
export function formatFieldValue(field: Pick<FieldSpec, 'type' | 'optional'>, value: unknown): string {
  if (Array.isArray(value) && field.type.kind === 'string' && !field.optional) return formatInputList(value);
  const jsonable = toJsonable(value, field.type);
  if (jsonable !== null && typeof jsonable === 'object' && !(jsonable instanceof PyFloat)) return pyJsonDumps(jsonable);
  return pyStr(jsonable);
}

/** Each output field of `fields` with its value in `outputs`, or `missing` where that is undefined (DSPy's demo/history replies). */
export function outputFieldValues(
  fields: readonly FieldSpec[],
  outputs: Readonly<Record<string, unknown>>,
  missing?: string,
): { field: FieldSpec; value: unknown }[] {
  return fields.map((f) => ({ field: f, value: outputs[f.name] !== undefined ? outputs[f.name] : missing }));
}

/** One field as DSPy's ChatAdapter writes it: a `[[ ## name ## ]]` line, then the formatted value. */
export function fieldBlock(field: Pick<FieldSpec, 'name' | 'type' | 'optional'>, value: unknown): string {
  return `[[ ## ${field.name} ## ]]\n${formatFieldValue(field, value)}`;
}

/** DSPy's `format_field_with_value`: `fieldBlock`s separated by blank lines, stripped. */
export function fieldBlocks(fields: readonly { field: FieldSpec; value: unknown }[]): string {
  return pyStrip(fields.map(({ field, value }) => fieldBlock(field, value)).join('\n\n'));
}

/** `[1] «a»` lines; one item is just `«a»`, none is `N/A`. */
function formatInputList(items: readonly unknown[]): string {
  if (items.length === 0) return 'N/A';
  if (items.length === 1) return formatBlob(pyStr(items[0]));
  return items.map((item, i) => `[${i + 1}] ${formatBlob(pyStr(item))}`).join('\n');
}

/** Multi-line items (or items holding «/») are fenced with `«««`/`»»»` and indented. */
function formatBlob(blob: string): string {
  if (!blob.includes('\n') && !blob.includes('«') && !blob.includes('»')) return `«${blob}»`;
  return `«««\n    ${blob.replace(/\n/g, '\n    ')}\n»»»`;
}
