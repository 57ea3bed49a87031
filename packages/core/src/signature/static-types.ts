/**
 * Type-level parser of string signatures: `signature('q -> a: int')` is typed
 * `SignatureSpec<{ q: string }, { a: number }>`. It mirrors `type-vocabulary.ts` for the common
 * vocabulary; anything it does not know becomes `unknown`, and a non-literal `string`
 * gives `Record<string, unknown>`.
 */
import type { History } from '../types/history';
import type { ToolCalls } from '../types/tool-calls';
import type { Image } from '../types/image';

type Space = ' ' | '\n' | '\t' | '\r';
type Trim<S extends string> = S extends `${Space}${infer R}` ? Trim<R> : S extends `${infer R}${Space}` ? Trim<R> : S;

type Count<S extends string, C extends string, N extends 0[] = []> = S extends `${string}${C}${infer R}`
  ? Count<R, C, [...N, 0]>
  : N['length'];
type Balanced<S extends string> =
  Count<S, '['> extends Count<S, ']'>
    ? Count<S, '<'> extends Count<S, '>'>
      ? Count<S, '('> extends Count<S, ')'>
        ? true
        : false
      : false
    : false;

type SplitRaw<S extends string, Sep extends string, Acc extends string[] = []> = S extends `${infer H}${Sep}${infer R}`
  ? SplitRaw<R, Sep, [...Acc, H]>
  : [...Acc, S];
/** Re-joins pieces split inside brackets, so `dict[str, int], b` gives two parts. */
type Rejoin<P extends string[], Sep extends string, Cur extends string = never, Out extends string[] = []> = P extends [
  infer H extends string,
  ...infer R extends string[],
]
  ? [Cur] extends [never]
    ? Balanced<H> extends true
      ? Rejoin<R, Sep, never, [...Out, H]>
      : Rejoin<R, Sep, H, Out>
    : Balanced<`${Cur}${Sep}${H}`> extends true
      ? Rejoin<R, Sep, never, [...Out, `${Cur}${Sep}${H}`]>
      : Rejoin<R, Sep, `${Cur}${Sep}${H}`, Out>
  : [Cur] extends [never]
    ? Out
    : [...Out, Cur];
/** Splits on `Sep` outside brackets. */
export type SplitTop<S extends string, Sep extends string> = Rejoin<SplitRaw<S, Sep>, Sep>;

/** Stands for `None`/`null`/`undefined` while parsing, so optionality survives `unknown`. */
declare const nullMark: unique symbol;
type NullMark = typeof nullMark;

type Scalar<T extends string> = T extends 'str' | 'string'
  ? string
  : T extends 'int' | 'integer' | 'float' | 'number'
    ? number
    : T extends 'bool' | 'boolean'
      ? boolean
      : T extends 'Image' | 'image' | 'dspy.Image'
        ? Image
        : T extends 'History' | 'dspy.History'
          ? History
          : T extends 'ToolCalls' | 'dspy.ToolCalls'
            ? ToolCalls
            : T extends 'True' | 'true'
              ? true
              : T extends 'False' | 'false'
                ? false
                : T extends 'None' | 'NoneType' | 'null' | 'undefined'
                  ? NullMark
                  : T extends 'list' | 'List' | 'Array' | 'tuple' | 'Tuple' | 'set' | 'Set'
                    ? unknown[]
                    : T extends 'dict' | 'Dict' | 'Record'
                      ? Record<string, unknown>
                      : T extends `'${infer L}'` | `"${infer L}"`
                        ? L
                        : T extends `${infer N extends number}`
                          ? N
                          : unknown;

type MapEach<P extends string[]> = P extends [infer H extends string, ...infer R extends string[]]
  ? MapType<Trim<H>> | MapEach<R>
  : never;
type NoNull<T> = Exclude<T, NullMark>;
type Value<T extends string> = NoNull<MapType<Trim<T>>>;

type Generic<T extends string> = T extends
  | `${'list' | 'List' | 'set' | 'Set' | 'Sequence'}[${infer X}]`
  | `${'Array' | 'ReadonlyArray'}<${infer X}>`
  ? Value<X>[]
  : T extends `${'dict' | 'Dict' | 'Mapping'}[${infer KV}]` | `Record<${infer KV}>`
    ? SplitTop<KV, ','> extends [string, infer V extends string]
      ? Record<string, Value<V>>
      : unknown
    : T extends `${'tuple' | 'Tuple'}[${string}]`
      ? unknown[]
      : T extends `Literal[${infer L}]` | `Union[${infer L}]`
        ? MapEach<SplitTop<L, ','>>
        : T extends `Optional[${infer X}]`
          ? MapType<Trim<X>> | NullMark
          : Scalar<T>;

/** One annotation (trimmed) → its TS type; `None` members become `NullMark`. */
type MapType<T extends string> =
  SplitTop<T, '|'> extends [string, string, ...string[]]
    ? MapEach<SplitTop<T, '|'>>
    : T extends `(${infer X})`
      ? MapType<Trim<X>>
      : T extends `${infer X}[]`
        ? Balanced<X> extends true
          ? Value<X>[]
          : Generic<T>
        : Generic<T>;

type FieldOf<N extends string, R> = N extends `${infer M}?`
  ? { name: Trim<M>; type: NoNull<R>; optional: true }
  : { name: N; type: NoNull<R>; optional: unknown extends R ? false : NullMark extends R ? true : false };
type ParseField<F extends string> =
  Trim<F> extends `${infer N}:${infer T}` ? FieldOf<Trim<N>, MapType<Trim<T>>> : FieldOf<Trim<F>, string>;
type FieldsOf<P extends string[]> = P extends [infer H extends string, ...infer R extends string[]]
  ? ParseField<H> | FieldsOf<R>
  : never;
type Fields<Side extends string> = FieldsOf<SplitTop<Side, ','>>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Required<F> = {
  [E in F as E extends { name: infer N extends string; optional: false }
    ? N extends ''
      ? never
      : N
    : never]: E extends {
    type: infer T;
  }
    ? T
    : never;
};
type OptionalName<E> = E extends { name: infer N extends string; optional: true } ? N : never;
type OptionalType<E> = E extends { type: infer T } ? T | null : never;
/** Inputs: an optional field may be left out or `null`. */
type InputObjectOf<F> = Simplify<Required<F> & { [E in F as OptionalName<E>]?: OptionalType<E> }>;
/** Outputs: every key is present; a missing optional output is `null` (Python's `None`). */
type OutputObjectOf<F> = Simplify<Required<F> & { [E in F as OptionalName<E>]: OptionalType<E> }>;

type Sides<S extends string> = S extends `${infer I}->${infer O}` ? [I, O] : 'no arrow';

/**
 * Input fields of a string signature literal, as an object type.
 *
 * @example
 * type I = StringSignatureInputs<'question, ctx: list[str] -> answer'>; // { question: string; ctx: string[] }
 */
export type StringSignatureInputs<S extends string> = string extends S
  ? Record<string, unknown>
  : Sides<S> extends [infer I extends string, string]
    ? InputObjectOf<Fields<I>>
    : Record<string, unknown>;

/**
 * Output fields of a string signature literal, as an object type.
 *
 * @example
 * type O = StringSignatureOutputs<'q -> answer: int, note?: str'>; // { answer: number; note: string | null }
 */
export type StringSignatureOutputs<S extends string> = string extends S
  ? Record<string, unknown>
  : Sides<S> extends [string, infer O extends string]
    ? OutputObjectOf<Fields<O>>
    : Record<string, unknown>;
