import { PyFloat, pyFloatRepr, pyNumber } from './py-format';

/**
 * Python's `repr()` of JS values: the one implementation behind prompts (DSPy's `str()` of
 * lists and dicts), parse errors, tool observations and the `toString()` of examples and
 * predictions (`Example({'a': 1}) (input_keys=None)`), so text from both stacks compares equal.
 *
 * Mapping: strings → Python string literals (`pyString`), `null`/`undefined` → `None`, booleans →
 * `True`/`False`, integral numbers → ints (`1`, and `0` for `-0`: JS cannot tell `1` from `1.0`),
 * other numbers and `PyFloat` → `repr(float)` (`0.5`, `1e-07`, `nan`, `inf`), bigint → digits,
 * arrays → `[...]`, `Set` → `{...}` or `set()` (insertion order), `Map` and plain objects →
 * `{'k': v}` (members whose value is `undefined` are left out, as in `json.dumps` of the same
 * object), `Date` → ISO string literal, objects with their own `toString()` (Example, Prediction,
 * class instances) → that string, functions → `<function name>`, cycles → `{...}`.
 *
 * @example
 * pyRepr({ a: 1, b: ['x', true, null] }); // "{'a': 1, 'b': ['x', True, None]}"
 */
export function pyRepr(value: unknown, seen: Set<object> = new Set()): string {
  if (value === null || value === undefined) return 'None';
  switch (typeof value) {
    case 'string':
      return pyString(value);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return Number.isFinite(value) ? pyNumber(value) : pyFloatRepr(value);
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `<function ${value.name || '<anonymous>'}>`;
  }
  const obj = value as object;
  if (obj instanceof PyFloat) return pyFloatRepr(obj.value);
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

/**
 * Python's `str(value)`: strings as they are, everything else as `pyRepr`.
 *
 * @example
 * pyStr(true); // 'True'
 * pyStr(['a', 1]); // "['a', 1]"
 */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function pyDict(entries: [unknown, unknown][], seen: Set<object>): string {
  const kept = entries.filter(([, v]) => v !== undefined);
  return `{${kept.map(([k, v]) => `${pyRepr(k, seen)}: ${pyRepr(v, seen)}`).join(', ')}}`;
}

// What CPython's str.isprintable() rejects (space aside): control, format, surrogate, private-use,
// unassigned, and separator characters. repr() escapes them.
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/**
 * A Python string literal with CPython's `str.__repr__` rules: single quotes unless the text holds
 * `'` and no `"`; `\\`, the quote, `\n`, `\r`, `\t` escaped; other non-printable characters as
 * `\xhh`, `\uhhhh` or `\Uhhhhhhhh`.
 *
 * @example
 * pyString("it's"); // "\"it's\""
 * pyString('a\x01'); // "'a\\x01'"
 */
export function pyString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) out += escapeCodePoint(ch.codePointAt(0)!);
    else out += ch;
  }
  return out + quote;
}

function escapeCodePoint(code: number): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

function hasOwnToString(obj: object): boolean {
  const proto = Object.getPrototypeOf(obj) as object | null;
  if (proto === null || proto === Object.prototype) return false;
  return (
    typeof (obj as { toString?: unknown }).toString === 'function' &&
    (obj as object).toString !== Object.prototype.toString
  );
}
