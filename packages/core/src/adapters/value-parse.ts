import { DspyError } from '../errors/dspy-error';
import type { FieldSpec } from '../signature/field-spec';
import type { SignatureSpec } from '../signature/signature-spec';
import type { TypeRef } from '../signature/type-ref';
import { CoercionError, coerceValue } from './coerce';
import { loadsLenient, NOT_JSON } from './lenient-json';
import { pyStr, pyStrip } from '../py';

type ParseField = Pick<FieldSpec, 'type' | 'optional'>;

/**
 * DSPy's `parse_value`: turns one output value (text from the reply, or a JSON value) into the
 * field's type. A plain `str` field takes the text as it is (never JSON-parsed); enums match a
 * member value, then a member name; literals also accept `'x'`, `"x"`, `Literal[x]`, `str[x]`;
 * an optional string keeps the raw text; everything else is parsed as (repaired) JSON or a
 * Python literal, then coerced like pydantic's lax mode.
 *
 * @example
 * parseValue('42', { type: T.int, optional: false }); // 42
 * parseValue("'yes'", { type: T.literal('yes', 'no'), optional: false }); // 'yes'
 */
export function parseValue(value: unknown, field: ParseField): unknown {
  const { type, optional } = field;
  if (type.kind === 'string' && !optional) return pyStr(value);
  if (type.kind === 'enum' && !optional) return findEnumMember(type, value);
  if (type.kind === 'literal' && !optional) return matchLiteral(type, value);
  if (typeof value !== 'string') return coerceValue(value, type, optional);
  if (optional && type.kind === 'string') return value;
  const candidate = loadsLenient(value);
  return coerceValue(candidate === NOT_JSON ? value : candidate, type, optional);
}

type EnumRef = Extract<TypeRef, { kind: 'enum' }>;

/** Member value first (explicit values win over a same-named member), then member name. */
function findEnumMember(type: EnumRef, id: unknown): string | number {
  const byValue = type.values.find((v) => v === id);
  if (byValue !== undefined) return byValue;
  const i = typeof id === 'string' ? type.keys.indexOf(id) : -1;
  if (i >= 0) return type.values[i]!;
  // Not in DSPy: a numeric enum value arrives as text from the chat format ("1").
  const byText = type.values.find((v) => typeof v === 'number' && typeof id === 'string' && String(v) === pyStrip(id));
  if (byText !== undefined) return byText;
  throw new DspyError('ADAPTER_PARSE', `${pyStr(id)} is not a valid name or value for the enum ${type.name}`);
}

type LiteralRef = Extract<TypeRef, { kind: 'literal' }>;

/**
 * DSPy 3.4.1: the value itself, then its text with quotes or a `Literal[...]`/`str[...]` wrapper
 * removed; a text that still matches no member is parsed like any value, so the string form of a
 * non-string member (`"2"` for `Literal[1, 2, 3]`, `"true"` for `Literal[true]`) becomes that member.
 */
function matchLiteral(type: LiteralRef, value: unknown): unknown {
  const allowed = type.values;
  if (allowed.includes(value as string)) return value;
  if (typeof value !== 'string') return coerceValue(value, type);
  let v = pyStrip(value);
  if ((v.startsWith('Literal[') || v.startsWith('str[')) && v.endsWith(']')) v = v.slice(v.indexOf('[') + 1, -1);
  if (v.length > 1 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'")) v = v.slice(1, -1);
  if (allowed.includes(v)) return v;
  const candidate = loadsLenient(v);
  return coerceValue(candidate === NOT_JSON ? v : candidate, type);
}

/**
 * DSPy's `apply_output_field_defaults`: in signature order, keeps parsed values and fills
 * missing outputs with their default (copied, like a default factory) or, when optional,
 * `null` (Python's `None`). Required outputs that are missing stay missing.
 *
 * @example
 * applyOutputDefaults(spec, { answer: '42' }); // { answer: '42', note: 'No note', maybe: null }
 */
export function applyOutputDefaults(
  spec: SignatureSpec<any, any>,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.outputFields) {
    if (f.name in fields) out[f.name] = fields[f.name];
    else if (f.hasDefault) out[f.name] = copyDefault(f.default);
    else if (f.optional) out[f.name] = null;
  }
  return out;
}

function copyDefault(value: unknown): unknown {
  const plain =
    Array.isArray(value) ||
    (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype);
  if (!plain) return value;
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}
