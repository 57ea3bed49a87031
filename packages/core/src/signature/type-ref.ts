/**
 * The runtime type of a signature field. `design:type` cannot tell array elements, unions or
 * enums apart, so field decorators and string signatures both build one of these explicitly.
 */
export type TypeRef =
  | { readonly kind: 'string' }
  | { readonly kind: 'number'; readonly integer: boolean }
  | { readonly kind: 'boolean' }
  /** Python `Literal[...]`, TS `'a' | 'b'`. */
  | { readonly kind: 'literal'; readonly values: readonly (string | number | boolean)[] }
  /** A TS enum (or an object of constants). `keys` are member names, `values` member values. */
  | {
      readonly kind: 'enum';
      readonly name: string;
      readonly keys: readonly string[];
      readonly values: readonly (string | number)[];
    }
  | { readonly kind: 'array'; readonly items: TypeRef }
  /** Python `dict[str, V]`, TS `Record<string, V>`. */
  | { readonly kind: 'dict'; readonly values: TypeRef }
  /** A nested class whose properties carry class-validator (and optionally class-transformer) metadata. */
  | { readonly kind: 'class'; readonly name: string; readonly cls: new (...args: never[]) => object }
  /** Anything (JSON). Python `Any`. */
  | { readonly kind: 'any' }
  /** DSPy's `dspy.Image`: values are `Image` instances, sent to the LM as image content parts. */
  | { readonly kind: 'image' };

export const T = {
  string: { kind: 'string' } as const satisfies TypeRef,
  int: { kind: 'number', integer: true } as const satisfies TypeRef,
  float: { kind: 'number', integer: false } as const satisfies TypeRef,
  boolean: { kind: 'boolean' } as const satisfies TypeRef,
  any: { kind: 'any' } as const satisfies TypeRef,
  image: { kind: 'image' } as const satisfies TypeRef,
  array: (items: TypeRef): TypeRef => ({ kind: 'array', items }),
  dict: (values: TypeRef): TypeRef => ({ kind: 'dict', values }),
  literal: (...values: (string | number | boolean)[]): TypeRef => ({ kind: 'literal', values }),
};
