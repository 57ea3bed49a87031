/**
 * Value helpers behind Example's `equals`, `hash` and `toDict`: structural equality the way
 * Python compares dicts and lists, a canonical string key, and JSON-friendly conversion.
 */

import { isPlainObject } from '../utils/is-plain-object';

function hasMethod<K extends string>(v: unknown, name: K): v is Record<K, (...args: unknown[]) => unknown> {
  return typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>)[name] === 'function';
}

/**
 * Structural equality: arrays element-wise, plain objects by key set (order ignored, as Python
 * dicts), Maps/Sets/Dates by content, objects with an `equals` method (Examples) by that method,
 * anything else by identity. `NaN` equals `NaN`.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (hasMethod(a, 'equals')) return a.equals(b) === true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map && b instanceof Map) || a.size !== b.size) return false;
    return [...a].every(([k, v]) => b.has(k) && deepEqual(v, b.get(k)));
  }
  if (a instanceof Set || b instanceof Set) {
    if (!(a instanceof Set && b instanceof Set) || a.size !== b.size) return false;
    const keys = new Set([...b].map((v) => canonicalKey(v)));
    return [...a].every((v) => keys.has(canonicalKey(v)));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

/**
 * A deterministic string for a value: equal values (per `deepEqual`) give equal keys. Object keys
 * are sorted; objects with `toDict`/`toJSON` are keyed by what those return.
 */
export function canonicalKey(value: unknown, seen: Set<object> = new Set()): string {
  if (value === undefined) return 'u';
  if (value === null) return 'n';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : `#${String(value)}`;
    case 'bigint':
      return `${value}n`;
    case 'boolean':
      return value ? 't' : 'f';
    case 'symbol':
    case 'function':
      return `?${String(value)}`;
  }
  const obj = value as object;
  if (seen.has(obj)) return '!circular';
  seen.add(obj);
  try {
    if (hasMethod(obj, 'toDict')) return `E${canonicalKey(obj.toDict(), seen)}`;
    if (Array.isArray(obj)) return `[${obj.map((v) => canonicalKey(v, seen)).join(',')}]`;
    if (obj instanceof Date) return `D${obj.toISOString()}`;
    if (obj instanceof Map)
      return `M${sortedPairs(
        [...obj].map(([k, v]) => [canonicalKey(k, seen), v]),
        seen,
      )}`;
    if (obj instanceof Set)
      return `S[${[...obj]
        .map((v) => canonicalKey(v, seen))
        .sort()
        .join(',')}]`;
    if (hasMethod(obj, 'toJSON')) return `J${canonicalKey(obj.toJSON(), seen)}`;
    const tag = isPlainObject(obj) ? '' : (obj.constructor?.name ?? '');
    return `${tag}${sortedPairs(
      Object.entries(obj).map(([k, v]) => [JSON.stringify(k), v]),
      seen,
    )}`;
  } finally {
    seen.delete(obj);
  }
}

function sortedPairs(pairs: [string, unknown][], seen: Set<object>): string {
  const parts = pairs.map(([k, v]) => `${k}:${canonicalKey(v, seen)}`).sort();
  return `{${parts.join(',')}}`;
}

/**
 * DSPy's `toDict` conversion of one value: objects with `toDict()` (Examples) or `toJSON()`
 * (History, Dates, user classes) are converted, arrays and plain objects recursively; anything
 * else is returned as it is.
 */
export function toPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (hasMethod(value, 'toDict')) return value.toDict();
  if (hasMethod(value, 'toJSON')) return value.toJSON();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toPlain(v)]));
  if (value instanceof Set) return [...value].map(toPlain);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}
