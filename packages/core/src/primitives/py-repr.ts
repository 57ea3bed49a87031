/**
 * Python-style `repr()` of JS values, so `toString()` of examples and predictions reads like
 * DSPy's (`Example({'a': 1}) (input_keys=None)`) and logs from both stacks can be compared.
 *
 * Mapping: strings → Python string literals (single quotes unless the text holds `'` and no `"`),
 * `null`/`undefined` → `None`, booleans → `True`/`False`, integers → `1` (JS cannot tell `1` from
 * `1.0`, so whole floats print without `.0`), `NaN`/`±Infinity` → `nan`/`inf`/`-inf`, bigint →
 * digits, arrays → `[...]`, `Set` → `{...}` (insertion order, Python's set order is hash-based),
 * `Map` and plain objects → `{'k': v}`, `Date` → ISO string literal, objects with their own
 * `toString()` (Example, Prediction, class instances) → that string, functions → `<function name>`.
 *
 * @example
 * pyRepr({ a: 1, b: ["x", true, null] }); // "{'a': 1, 'b': ['x', True, None]}"
 */
export function pyRepr(value: unknown, seen: Set<object> = new Set()): string {
  if (value === null || value === undefined) return 'None';
  switch (typeof value) {
    case 'string':
      return pyString(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return pyNumber(value);
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `<function ${value.name || '<anonymous>'}>`;
  }
  const obj = value as object;
  if (seen.has(obj)) return '{...}';
  if (obj instanceof Date) return pyString(obj.toISOString());
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((v) => pyRepr(v, seen)).join(', ')}]`;
    if (obj instanceof Set) return obj.size ? `{${[...obj].map((v) => pyRepr(v, seen)).join(', ')}}` : 'set()';
    if (obj instanceof Map) return pyDict([...obj.entries()], seen);
    if (hasOwnToString(obj)) return String(obj);
    return pyDict(Object.entries(obj), seen);
  } finally {
    seen.delete(obj);
  }
}

function pyDict(entries: [unknown, unknown][], seen: Set<object>): string {
  return `{${entries.map(([k, v]) => `${pyRepr(k, seen)}: ${pyRepr(v, seen)}`).join(', ')}}`;
}

function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

/**
 * A Python string literal: the quote choice and escapes of CPython's `str.__repr__`.
 *
 * @example
 * pyString("it's"); // "\"it's\""
 */
export function pyString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

function hasOwnToString(obj: object): boolean {
  const proto = Object.getPrototypeOf(obj) as object | null;
  if (proto === null || proto === Object.prototype) return false;
  return (
    typeof (obj as { toString?: unknown }).toString === 'function' &&
    (obj as object).toString !== Object.prototype.toString
  );
}
