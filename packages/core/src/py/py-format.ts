/**
 * Python's text primitives that DSPy's prompts are made of, reproduced so prompts match
 * byte for byte: `json.dumps` (with `ensure_ascii=False`), `repr(float)`, `str.strip()`,
 * `str.splitlines()` and `textwrap.dedent`. `repr()`/`str()` are in `py-repr.ts`.
 */

/**
 * A number that must print as a Python float (`1.0`, not `1`), e.g. a value of a `float` field.
 *
 * @example
 * pyJsonDumps([new PyFloat(1)]); // '[1.0]'
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/**
 * Python's `repr(float)`: shortest round-trip digits, `.0` on integral values, exponent form
 * below 1e-4 and from 1e16 (`1e-05`, `1e+16`), `inf`/`nan`.
 *
 * @example
 * pyFloatRepr(1); // '1.0'
 * pyFloatRepr(1e16); // '1e+16'
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = String(x); // JS prints fixed notation in this range, with the same digits
  return s.includes('.') ? s : `${s}.0`;
}

/** A JS number as Python prints it: integral values as ints unless wrapped in `PyFloat`. */
export function pyNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return x.toFixed(0) === '-0' ? '0' : x.toFixed(0);
  return pyFloatRepr(x);
}

/**
 * `json.dumps(value, ensure_ascii=False)` (compact: `", "` and `": "`) or with `indent`.
 * `undefined` members are left out, like `JSON.stringify`; non-finite numbers print as
 * Python does (`Infinity`, `NaN`).
 *
 * @example
 * pyJsonDumps({ a: [1, 'x'] }); // '{"a": [1, "x"]}'
 */
export function pyJsonDumps(value: unknown, indent?: number): string {
  return dump(value, indent, 0);
}

function dump(v: unknown, indent: number | undefined, depth: number): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof PyFloat) return Number.isFinite(v.value) ? pyFloatRepr(v.value) : jsonNonFinite(v.value);
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? pyNumber(v) : jsonNonFinite(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
  }
  const entries: [string | null, unknown][] = Array.isArray(v)
    ? v.map((x) => [null, x])
    : Object.entries(v as object).filter(([, x]) => x !== undefined);
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  const item = ([k, x]: [string | null, unknown]) =>
    (k === null ? '' : `${JSON.stringify(k)}: `) + dump(x, indent, depth + 1);
  if (indent === undefined) return open + entries.map(item).join(', ') + close;
  const pad = ' '.repeat(indent * (depth + 1));
  return `${open}\n${pad}${entries.map(item).join(`,\n${pad}`)}\n${' '.repeat(indent * depth)}${close}`;
}

function jsonNonFinite(x: number): string {
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

// Python's str.isspace() set (JS \s differs: it has U+FEFF, lacks \x1c-\x1f and \x85).
const WS = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const STRIP = new RegExp(`^[${WS}]+|[${WS}]+$`, 'g');
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/**
 * Python's `str.strip()`.
 *
 * @example
 * pyStrip('\x1c a '); // 'a'
 */
export function pyStrip(s: string): string {
  return s.replace(STRIP, '');
}

/**
 * Python's `str.splitlines()`: no trailing empty line, every Unicode line boundary.
 *
 * @example
 * pySplitLines('a\r\nb\n'); // ['a', 'b']
 */
export function pySplitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split(LINE_BREAK);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Python's `textwrap.dedent`: drop the common leading whitespace; blank lines become empty.
 *
 * @example
 * pyDedent('  a\n    b'); // 'a\n  b'
 */
export function pyDedent(text: string): string {
  const lines = text.split('\n').map((l) => (/^[ \t]*$/.test(l) ? '' : l));
  const indents = lines.filter((l) => l !== '').map((l) => /^[ \t]*/.exec(l)![0]);
  let common = indents[0] ?? '';
  for (const ind of indents) while (!ind.startsWith(common)) common = common.slice(0, -1);
  return lines.map((l) => l.slice(common.length)).join('\n');
}
