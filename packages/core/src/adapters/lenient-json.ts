import type { jsonrepair as JsonRepair } from 'jsonrepair' with { 'resolution-mode': 'import' };

// jsonrepair's typings are ESM-only; its package also ships a CommonJS build, which Node and
// Jest load through the `require` export condition.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { jsonrepair } = require('jsonrepair') as { jsonrepair: typeof JsonRepair };

/** Returned by `loadsLenient` when the text holds no JSON (Python's `json_repair.loads` gives `""`). */
export const NOT_JSON: unique symbol = Symbol('NOT_JSON');

/**
 * The part of DSPy's `json_repair.loads` + `ast.literal_eval` fallback that matters for parsing
 * LM replies: strict JSON first; otherwise the first `{`/`[` block (text around it ignored) is
 * repaired with `jsonrepair` (single quotes, Python `True`/`None`, trailing commas, missing
 * brackets, comments, code fences); otherwise a lone Python literal (`42`, `1_000`, `'x'`,
 * `True`, `None`, `1, 2` as a tuple). Anything else gives `NOT_JSON`.
 *
 * @example
 * loadsLenient("{'a': True,}"); // { a: true }
 * loadsLenient('Answer: [1, 2]'); // [1, 2]
 * loadsLenient('Paris'); // NOT_JSON
 */
export function loadsLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not strict JSON: repair below
  }
  const unfenced = stripCodeFence(text);
  const start = unfenced.search(/[{[]/);
  if (start >= 0) {
    const from = unfenced.slice(start);
    const end = balancedEnd(from);
    for (const candidate of end > 0 ? [from.slice(0, end), from] : [from]) {
      const repaired = tryRepair(candidate);
      if (repaired !== NOT_JSON) return repaired;
    }
  }
  return pythonLiteral(unfenced.trim());
}

/**
 * The first balanced `{...}` in `text` (braces inside strings ignored), as DSPy's JSONAdapter
 * finds it with the recursive regex `\{(?:[^{}]|(?R))*\}`; `undefined` when there is none.
 *
 * @example
 * firstJsonObject('Sure! {"a": {"b": 1}} Done.'); // '{"a": {"b": 1}}'
 */
export function firstJsonObject(text: string): string | undefined {
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) {
    const end = balancedEnd(text.slice(i), '{');
    if (end > 0) return text.slice(i, i + end);
  }
  return undefined;
}

function tryRepair(candidate: string): unknown {
  try {
    return JSON.parse(jsonrepair(candidate));
  } catch {
    return NOT_JSON;
  }
}

/** Index just past the bracket closing `text[0]`, or -1 when it never closes. */
function balancedEnd(text: string, only?: '{'): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || (c === "'" && !only)) quote = c;
    else if (c === '{' || (c === '[' && !only)) depth++;
    else if (c === '}' || (c === ']' && !only)) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function stripCodeFence(text: string): string {
  const m = /^\s*```[\w-]*[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/.exec(text);
  return m ? m[1]! : text;
}

const PY_NUMBER = /^[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

/** `ast.literal_eval` for the scalars and flat tuples an LM may write without brackets. */
function pythonLiteral(text: string): unknown {
  if (PY_NUMBER.test(text)) return Number(text.replace(/_/g, ''));
  if (text === 'True' || text === 'False') return text === 'True';
  if (text === 'None') return null;
  const quoted = /^(['"])((?:\\.|(?!\1)[^\\])*)\1$/.exec(text);
  if (quoted) return quoted[2]!.replace(/\\(.)/g, '$1');
  if (text.includes(',') && !text.endsWith(',,')) {
    const parts = text.split(',').map((p) => p.trim());
    if (parts[parts.length - 1] === '') parts.pop();
    const values = parts.map(pythonLiteral);
    if (parts.length > 0 && values.every((v) => v !== NOT_JSON)) return values;
  }
  return NOT_JSON;
}
