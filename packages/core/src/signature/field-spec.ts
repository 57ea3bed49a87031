import type { TypeRef } from './type-ref';

export type FieldRole = 'input' | 'output';

/**
 * One field of a signature, fully resolved. Immutable: transforms build new specs.
 * `desc` and `prefix` follow DSPy: a desc equal to `${name}` counts as empty in prompts,
 * and the prefix defaults to `inferPrefix(name) + ':'`.
 */
export interface FieldSpec {
  readonly name: string;
  readonly role: FieldRole;
  readonly type: TypeRef;
  readonly desc: string;
  readonly prefix: string;
  /** The value may be missing (TS `?:`, Python `Optional`); a missing output becomes `undefined`... or `default`. */
  readonly optional: boolean;
  readonly hasDefault: boolean;
  readonly default?: unknown;
  /** DSPy-style constraint text, e.g. `greater than or equal to: 0, less than or equal to: 10`. */
  readonly constraints?: string;
  /** Field declared without a type in a string signature (treated as `str`). */
  readonly typeUndefined?: boolean;
}
