import { createHash } from 'node:crypto';
import { DspyError } from '../../errors/dspy-error';

/** Bump when the stored shape changes: old entries then simply miss. */
const KEY_VERSION = 1;

/**
 * JSON with object keys sorted at every level, `undefined` members dropped (so `{ a: undefined }`
 * equals `{}`), and `toJSON` honoured. Throws a `TypeError` on values JSON cannot represent
 * faithfully (functions, symbols, bigints, non-finite numbers, cycles).
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw notKeyable(`a non-finite number (${value})`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw notKeyable(`a value of type ${typeof value}`);
  }
  const obj = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof obj.toJSON === 'function') return write(obj.toJSON(), seen);
  if (seen.has(obj)) throw notKeyable('a cyclic value');
  seen.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = '[' + obj.map((v) => (v === undefined ? 'null' : write(v, seen))).join(',') + ']';
  } else if (ArrayBuffer.isView(obj)) {
    out = JSON.stringify(Buffer.from(obj.buffer, obj.byteOffset, obj.byteLength).toString('base64'));
  } else {
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (v === undefined) continue;
      parts.push(JSON.stringify(key) + ':' + write(v, seen));
    }
    out = '{' + parts.join(',') + '}';
  }
  seen.delete(obj);
  return out;
}

/**
 * The cache key of an LM request: SHA-256 (hex, 64 chars) of its canonical JSON, or `undefined`
 * when the request cannot be serialized (then the call is simply not cached, as in DSPy).
 * Callers pass only what determines the reply — never credentials, base URLs or signals.
 *
 * @example
 * cacheKey({ model: 'ollama/llama3.2', messages, options: { temperature: 0 }, rolloutId: 1 });
 */
export function cacheKey(request: Readonly<Record<string, unknown>>): string | undefined {
  let text: string;
  try {
    text = canonicalJson({ ...request, _v: KEY_VERSION });
  } catch {
    return undefined;
  }
  return createHash('sha256').update(text).digest('hex');
}

function notKeyable(what: string): DspyError {
  return new DspyError(
    'INPUT_INVALID',
    `canonicalJson cannot serialize ${what}: pass JSON-like data (finite numbers, strings, booleans, null, arrays, plain objects, no cycles).`,
  );
}
