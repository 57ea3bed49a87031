import type { TypeRef } from '../signature/type-ref';

/** A TS enum object (or any object of constants): `enum Mood { Happy = 'happy' }` → `Mood`. */
export type EnumLike = Readonly<Record<string, string | number>>;

/** A class whose properties carry class-validator metadata, e.g. a nested `Citation`. */
export type ClassType = abstract new (...args: never[]) => object;

/** What a type thunk may return: a primitive constructor, a class, an enum object or a `TypeRef`. */
export type TypeSource = StringConstructor | NumberConstructor | BooleanConstructor | ClassType | EnumLike | TypeRef;

/**
 * Deferred so a class declared later in the file can be named (`() => Citation`), and so arrays
 * can say their element type (`() => [Citation]`), which `design:type` loses.
 */
export type TypeThunk = () => TypeSource | readonly [TypeSource];

/**
 * Options of `@InputField()` / `@OutputField()`.
 *
 * @example
 * @OutputField({ desc: 'sources used', type: () => [Citation] }) citations!: Citation[];
 */
export interface FieldOptions {
  /** Shown to the LM. Defaults to `${name}`, which prompts treat as empty (as DSPy). */
  readonly desc?: string;
  /** Legacy DSPy prefix; defaults to `inferPrefix(name) + ':'`. */
  readonly prefix?: string;
  /** Needed where `design:type` cannot tell: arrays, unions, enums, int vs float. */
  readonly type?: TypeThunk | TypeRef;
  /** The value may be missing (TS `?:` leaves no runtime trace, so say it here or with `@IsOptional()`). */
  readonly optional?: boolean;
  /** Used when the value is missing (inputs: injected before the call; outputs: filled after parsing). */
  readonly default?: unknown;
  /** Name shown for an enum type (enum objects carry no name); defaults to the property name in PascalCase. */
  readonly enumName?: string;
}

export const FIELD_OPTION_KEYS: readonly (keyof FieldOptions)[] = [
  'desc',
  'prefix',
  'type',
  'optional',
  'default',
  'enumName',
];

/**
 * Options of `@Signature()`.
 *
 * @example
 * @Signature({ instructions: 'Answer briefly.', name: 'QA' }) class QA { ... }
 */
export interface SignatureClassOptions {
  /** Task instructions; defaults to an ancestor's, then to DSPy's "Given the fields ..." sentence. */
  readonly instructions?: string;
  /** Signature name in errors and history; defaults to the class name (which minifiers may mangle). */
  readonly name?: string;
}
