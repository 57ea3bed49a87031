import { isPlainObject } from '../utils/is-plain-object';
import { isPredictor, isProgramLike } from './predictor-like';

/**
 * Copies a program graph: programs and predictors (same prototype, own properties copied),
 * arrays, maps, sets and plain objects are cloned; anything else (LMs, retrievers, tools,
 * signatures, Examples) is shared, as those are immutable or external resources.
 */
export function clonePrograms<T extends object>(root: T): T {
  const memo = new Map<object, unknown>();
  const clone = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (memo.has(value)) return memo.get(value);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      memo.set(value, out);
      for (const v of value) out.push(clone(v));
      return out;
    }
    if (value instanceof Map) {
      const out = new Map();
      memo.set(value, out);
      for (const [k, v] of value) out.set(k, clone(v));
      return out;
    }
    if (value instanceof Set) {
      const out = new Set();
      memo.set(value, out);
      for (const v of value) out.add(clone(v));
      return out;
    }
    const copyProps = isPredictor(value) || isProgramLike(value) || isPlainObject(value);
    if (!copyProps) return value;
    const out = Object.create(Object.getPrototypeOf(value)) as object;
    memo.set(value, out);
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key)!;
      if ('value' in desc) desc.value = clone(desc.value);
      Object.defineProperty(out, key, desc);
    }
    return out;
  };
  return clone(root) as T;
}
