import { HISTORY_TYPE } from '../types/history';
import { TOOL_CALLS_TYPE } from '../types/tool-calls';
import { parseError } from './signature-tokens';
import type { TypeExpr } from './type-expr';
import type { TypeRef } from './type-ref';

/** Listed in "unknown type" errors; keep in step with `static-types.ts`. */
export const TYPE_VOCABULARY =
  'str | string, int, float | number, bool | boolean, any | Any, list[T] | T[] | Array<T>, dict[str, T] | Record<string, T>, ' +
  "tuple[...], Literal['a', 'b'] | 'a' | 'b', Optional[T] | T | None | T | null | T | undefined, Union[A, B], Image | dspy.Image, History | dspy.History, ToolCalls | dspy.ToolCalls";

const SCALARS: Readonly<Record<string, TypeRef>> = {
  str: { kind: 'string' },
  string: { kind: 'string' },
  int: { kind: 'number', integer: true },
  integer: { kind: 'number', integer: true },
  float: { kind: 'number', integer: false },
  number: { kind: 'number', integer: false },
  bool: { kind: 'boolean' },
  boolean: { kind: 'boolean' },
  any: { kind: 'any' },
  Any: { kind: 'any' },
  unknown: { kind: 'any' },
  // DSPy's `dspy.Image`; values must be `Image` instances.
  image: { kind: 'image' },
  Image: { kind: 'image' },
  'dspy.Image': { kind: 'image' },
  // DSPy's `dspy.History`: earlier turns of a conversation.
  History: HISTORY_TYPE,
  'dspy.History': HISTORY_TYPE,
  // DSPy's `dspy.ToolCalls`: tool calls the LM asks for.
  ToolCalls: TOOL_CALLS_TYPE,
  'dspy.ToolCalls': TOOL_CALLS_TYPE,
};
const NULLS = new Set(['None', 'NoneType', 'null', 'undefined']);
const BOOLS: Readonly<Record<string, boolean>> = { True: true, False: false, true: true, false: false };
const LISTS = new Set(['list', 'List', 'Array', 'ReadonlyArray', 'set', 'Set', 'Sequence']);
const DICTS = new Set(['dict', 'Dict', 'Record', 'Mapping']);
const TUPLES = new Set(['tuple', 'Tuple']);

/** A resolved annotation; `nullable` marks `Optional[T]` / `T | None` at the top level. */
export interface ResolvedType {
  readonly type: TypeRef;
  readonly nullable: boolean;
}

const ANY: TypeRef = { kind: 'any' };
// Identity marks a bare `None`/`null` member, which only makes its union nullable.
const NULL_MEMBER: TypeRef = { kind: 'any' };

/**
 * Maps a parsed annotation to a `TypeRef`. `TypeRef` has no general union: a union of
 * literals merges, a union of numbers becomes a number, any other union becomes `any`.
 * `tuple[...]` becomes an array (of the element type when all agree, else of `any`).
 * `None` inside containers is dropped (only a field itself can be optional).
 *
 * @example
 * resolveTypeExpr(parsed('int | None'), src); // { type: T.int, nullable: true }
 */
export function resolveTypeExpr(expr: TypeExpr, source: string): ResolvedType {
  const fail = (message: string): never => {
    throw parseError(message, source, expr.at);
  };
  const item = (e: TypeExpr) => resolveTypeExpr(e, source).type;
  switch (expr.k) {
    case 'lit':
      return { type: { kind: 'literal', values: [expr.value] }, nullable: false };
    case 'array':
      return { type: { kind: 'array', items: item(expr.items) }, nullable: false };
    case 'union':
      return unionOf(
        expr.members.map((m) => resolveTypeExpr(m, source)),
        fail,
      );
    case 'name':
      break;
  }
  const { name, args } = expr;
  if (!args) {
    if (SCALARS[name]) return { type: SCALARS[name]!, nullable: false };
    if (NULLS.has(name)) return { type: NULL_MEMBER, nullable: true };
    if (name in BOOLS) return { type: { kind: 'literal', values: [BOOLS[name]!] }, nullable: false };
    if (LISTS.has(name) || TUPLES.has(name)) return { type: { kind: 'array', items: ANY }, nullable: false };
    if (DICTS.has(name)) return { type: { kind: 'dict', values: ANY }, nullable: false };
    return fail(
      `Unknown type '${name}' in signature. Known types: ${TYPE_VOCABULARY}. For classes and enums use a @Signature class.`,
    );
  }
  const arity = (n: number) =>
    args.length === n || fail(`${name}[...] takes ${n} type argument${n > 1 ? 's' : ''}, got ${args.length}.`);
  if (LISTS.has(name) && arity(1)) return { type: { kind: 'array', items: item(args[0]!) }, nullable: false };
  if (DICTS.has(name) && arity(2)) {
    const key = item(args[0]!);
    if (key.kind !== 'string')
      fail(
        `${name} keys must be strings (JSON object keys), e.g. ${name === 'Record' ? 'Record<string, number>' : 'dict[str, float]'}.`,
      );
    return { type: { kind: 'dict', values: item(args[1]!) }, nullable: false };
  }
  if (TUPLES.has(name)) {
    const items = args.map(item);
    const same = items.every((t) => JSON.stringify(t) === JSON.stringify(items[0]));
    return { type: { kind: 'array', items: same ? items[0]! : ANY }, nullable: false };
  }
  if (name === 'Literal') {
    const values = args.map((a) =>
      a.k === 'lit'
        ? a.value
        : a.k === 'name' && a.name in BOOLS
          ? BOOLS[a.name]!
          : a.k === 'name' && NULLS.has(a.name)
            ? null
            : fail(`Literal[...] takes quoted strings, numbers, True/False or None.`),
    );
    const present = values.filter((v): v is string | number | boolean => v !== null);
    return { type: { kind: 'literal', values: present }, nullable: present.length !== values.length };
  }
  if (name === 'Optional' && arity(1)) return { type: item(args[0]!), nullable: true };
  if (name === 'Union')
    return unionOf(
      args.map((a) => resolveTypeExpr(a, source)),
      fail,
    );
  return fail(`Unknown generic type '${name}[...]' in signature. Known types: ${TYPE_VOCABULARY}.`);
}

function unionOf(members: readonly ResolvedType[], fail: (m: string) => never): ResolvedType {
  const nullable = members.some((m) => m.nullable);
  const types = members.map((m) => m.type).filter((t) => t !== NULL_MEMBER);
  if (types.length === 0) return fail('A union needs at least one type other than None/null.');
  if (types.length === 1) return { type: types[0]!, nullable };
  if (types.every((t) => t.kind === 'literal')) {
    const values = [...new Set(types.flatMap((t) => (t.kind === 'literal' ? t.values : [])))];
    return { type: { kind: 'literal', values }, nullable };
  }
  if (types.every((t) => t.kind === 'number')) {
    return { type: { kind: 'number', integer: types.every((t) => t.kind === 'number' && t.integer) }, nullable };
  }
  return { type: ANY, nullable };
}

/**
 * `resolveTypeExpr` for a whole field annotation, where a bare `None` means nothing.
 *
 * @example
 * resolveFieldAnnotation(parsed('Optional[str]'), src); // { type: T.string, nullable: true }
 */
export function resolveFieldAnnotation(expr: TypeExpr, source: string): ResolvedType {
  const resolved = resolveTypeExpr(expr, source);
  if (resolved.type === NULL_MEMBER)
    throw parseError('A field cannot have only None/null as its type; use Optional[T] or T | None.', source, expr.at);
  return resolved;
}
