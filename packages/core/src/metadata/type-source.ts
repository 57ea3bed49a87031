import { DspyError } from '../errors/dspy-error';
import type { TypeRef } from '../signature/type-ref';
import { Image } from '../types/image';
import type { EnumLike, TypeSource, TypeThunk } from './field-options';

const KINDS = new Set(['string', 'number', 'boolean', 'literal', 'enum', 'array', 'dict', 'class', 'any', 'image']);

/** A structural check; an enum never has array/object member values, so the two do not mix up. */
export function isTypeRef(value: unknown): value is TypeRef {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.kind !== 'string' || !KINDS.has(v.kind)) return false;
  switch (v.kind) {
    case 'number':
      return typeof v.integer === 'boolean';
    case 'literal':
      return Array.isArray(v.values);
    case 'enum':
      return Array.isArray(v.keys) && Array.isArray(v.values);
    case 'array':
      return isTypeRef(v.items);
    case 'dict':
      return isTypeRef(v.values);
    case 'class':
      return typeof v.cls === 'function';
    default:
      return Object.keys(v).length === 1;
  }
}

/** A `class X {}` (callable only with `new`), told apart from a thunk without calling it. */
export function isClassConstructor(fn: unknown): fn is new (...args: never[]) => object {
  return typeof fn === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

/** Where a type is being resolved, for messages: class, property and the enum name fallback. */
export interface TypeSite {
  readonly className: string;
  readonly property: string;
  readonly enumName?: string;
}

/** Builds the `SIGNATURE_INVALID` error every type problem uses, naming class and property. */
export function typeError(site: TypeSite, problem: string, fix: string): DspyError {
  return new DspyError('SIGNATURE_INVALID', `${site.className}.${site.property}: ${problem} ${fix}`, {
    details: { signature: site.className, field: site.property },
  });
}

/** A TS enum object: its member names, and values without numeric enums' reverse entries. */
export function enumTypeRef(e: EnumLike, name: string): TypeRef {
  const keys = Object.keys(e).filter((k) => Number.isNaN(Number(k)));
  return { kind: 'enum', name, keys, values: keys.map((k) => e[k]!) };
}

export function pascalCase(name: string): string {
  return name.replace(/(^|[_\s-]+)([a-zA-Z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());
}

/** Turns what a `type` option gives (thunk result, direct TypeRef or class) into a `TypeRef`. */
export function typeRefFromSource(source: TypeSource | readonly [TypeSource] | unknown, site: TypeSite): TypeRef {
  if (Array.isArray(source)) {
    if (source.length !== 1)
      throw typeError(
        site,
        `an array type must name exactly one element type, got ${source.length}.`,
        'Write `type: () => [Citation]`.',
      );
    return { kind: 'array', items: typeRefFromSource(source[0], site) };
  }
  if (isTypeRef(source)) return source;
  if (source === String) return { kind: 'string' };
  if (source === Number) return { kind: 'number', integer: false };
  if (source === Boolean) return { kind: 'boolean' };
  if (source === Image) return { kind: 'image' };
  if (source === Array)
    throw typeError(
      site,
      'an array needs its element type.',
      'Write `type: () => [String]` (or `[Citation]`, `[T.int]`).',
    );
  if (
    source === Object ||
    source === Date ||
    source === Function ||
    source === Symbol ||
    source === BigInt ||
    source === Promise
  ) {
    throw typeError(
      site,
      `the type ${(source as Function).name} is not supported.`,
      'Use a string, number, boolean, enum, class, array of those, or a TypeRef such as `T.any`.',
    );
  }
  if (typeof source === 'function')
    return { kind: 'class', name: source.name || site.property, cls: source as new () => object };
  if (
    typeof source === 'object' &&
    source !== null &&
    Object.values(source).every((v) => typeof v === 'string' || typeof v === 'number')
  ) {
    if (Object.keys(source).length === 0)
      throw typeError(site, 'the enum has no members.', 'Give the enum at least one member.');
    return enumTypeRef(source as EnumLike, site.enumName ?? pascalCase(site.property));
  }
  throw typeError(
    site,
    `cannot use ${describe(source)} as a field type.`,
    'Pass a thunk such as `type: () => Citation`, `() => [String]`, `() => MyEnum`, or a TypeRef such as `T.literal("a", "b")`.',
  );
}

/**
 * Calls a `type` option's thunk. Returns `undefined` when the thunk names a class that is not
 * initialised yet (declared later in the file) and `allowDeferred` is set, so `@Signature`
 * can leave that field for `getSignature` to resolve.
 */
export function resolveTypeOption(
  option: TypeThunk | TypeRef,
  site: TypeSite,
  allowDeferred: boolean,
): TypeRef | undefined {
  if (isTypeRef(option)) return option;
  const direct: unknown = option;
  if (direct === String || direct === Number || direct === Boolean || isClassConstructor(direct))
    return typeRefFromSource(direct, site);
  if (typeof option !== 'function') return typeRefFromSource(option, site);
  let result: unknown;
  try {
    result = option();
  } catch (err) {
    if (allowDeferred && err instanceof ReferenceError) return undefined;
    throw new DspyError(
      'SIGNATURE_INVALID',
      `${site.className}.${site.property}: the type thunk threw: ${(err as Error).message}. Make sure the class it returns is declared and imported.`,
      { cause: err, details: { signature: site.className, field: site.property } },
    );
  }
  return typeRefFromSource(result, site);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`;
  return `a ${typeof value} (${String(value)})`;
}
