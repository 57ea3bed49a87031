import type { getMetadataStorage } from 'class-validator';
import { classValidator } from '../utils/lazy-deps';
import type { TypeRef } from '../signature/type-ref';
import { transformerTypeOf } from './class-transformer-reader';
import { enumTypeRef, pascalCase, type TypeSite } from './type-source';

/** class-validator's metadata record (its class is not exported from the package index). */
export type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

/** What class-validator decorators on one property say about its type, optionality and limits. */
export interface ValidatorHints {
  /** Element-or-value type the validators pin down; `undefined` when they say nothing about it. */
  readonly type?: TypeRef;
  readonly optional: boolean;
  /** DSPy constraint text, e.g. `greater than or equal to: 0, less than or equal to: 10`. */
  readonly constraints?: string;
  /** Validator names, to tell a property that has validators but no field decorator. */
  readonly names: readonly string[];
}

/** Reads every property's validation metadata of `cls` (inherited included) in one pass. */
export function readValidationMetadata(cls: Function): Map<string, ValidationMetadata[]> {
  const storage = classValidator().getMetadataStorage();
  const metas = storage.getTargetValidationMetadatas(cls, '', true, false);
  return new Map(Object.entries(storage.groupByPropertyName(metas)));
}

// Same wording and order as DSPy's PYDANTIC_CONSTRAINT_MAP (dspy/signatures/field.py).
const CONSTRAINT_TEXT: readonly [string, (c: readonly unknown[]) => unknown][] = [
  ['isPositive', () => 'greater than: 0'],
  ['min', (c) => `greater than or equal to: ${c[0]}`],
  ['isNegative', () => 'less than: 0'],
  ['max', (c) => `less than or equal to: ${c[0]}`],
  ['minLength', (c) => `minimum length: ${c[0]}`],
  ['isLength', (c) => (c[0] !== undefined && c[0] !== null ? `minimum length: ${c[0]}` : undefined)],
  ['arrayMinSize', (c) => `minimum length: ${c[0]}`],
  ['maxLength', (c) => `maximum length: ${c[0]}`],
  ['isLength', (c) => (c[1] !== undefined && c[1] !== null ? `maximum length: ${c[1]}` : undefined)],
  ['arrayMaxSize', (c) => `maximum length: ${c[0]}`],
  ['isDivisibleBy', (c) => `a multiple of the given number: ${c[0]}`],
];

function constraintText(metas: readonly ValidationMetadata[]): string | undefined {
  const whole = metas.filter((m) => !m.each && m.type === 'customValidation');
  const parts = CONSTRAINT_TEXT.flatMap(([name, text]) =>
    whole.filter((m) => m.name === name).map((m) => text(m.constraints ?? [])),
  );
  const texts = parts.filter((p): p is string => typeof p === 'string');
  return texts.length ? texts.join(', ') : undefined;
}

/** The scalar a validator pins down, most specific first (`@IsIn` beats `@IsString`, int beats number). */
function scalarFrom(
  metas: readonly ValidationMetadata[],
  site: TypeSite,
): { type: TypeRef; each: boolean } | undefined {
  const find = (name: string) => metas.find((m) => m.type === 'customValidation' && m.name === name);
  const isIn = find('isIn');
  if (isIn)
    return {
      type: { kind: 'literal', values: [...(isIn.constraints[0] as (string | number | boolean)[])] },
      each: !!isIn.each,
    };
  const isEnum = find('isEnum');
  if (isEnum)
    return {
      type: enumTypeRef(isEnum.constraints[0], site.enumName ?? pascalCase(site.property)),
      each: !!isEnum.each,
    };
  const plain: [string, TypeRef][] = [
    ['isInt', { kind: 'number', integer: true }],
    ['isNumber', { kind: 'number', integer: false }],
    ['isBoolean', { kind: 'boolean' }],
    ['isString', { kind: 'string' }],
  ];
  for (const [name, type] of plain) {
    const m = find(name);
    if (m) return { type, each: !!m.each };
  }
  return undefined;
}

/**
 * Type hints of one property from its class-validator (and class-transformer `@Type`) metadata.
 * `designType` decides whether a nested class without `each` is a single value or an array.
 *
 * @example
 * // @IsInt() @Min(0) n!: number  →  { type: T.int, optional: false, constraints: 'greater than or equal to: 0' }
 */
export function validatorHints(
  cls: Function,
  metas: readonly ValidationMetadata[],
  designType: unknown,
  site: TypeSite,
): ValidatorHints {
  const optional = metas.some((m) => m.type === 'conditionalValidation' && m.name === 'isOptional');
  const isArray = designType === Array || metas.some((m) => m.name === 'isArray');
  const names = metas.map((m) => m.name ?? m.type);
  let type: TypeRef | undefined;
  const nested = metas.find((m) => m.type === 'nestedValidation');
  const nestedCls = nested ? transformerTypeOf(cls, site.property) : undefined;
  if (nested && nestedCls) {
    const item: TypeRef = { kind: 'class', name: nestedCls.name, cls: nestedCls as new () => object };
    type = nested.each || isArray ? { kind: 'array', items: item } : item;
  } else {
    const scalar = scalarFrom(metas, site);
    // Without `each`, a scalar validator on an array checks the array itself: no element type.
    if (scalar?.each) type = { kind: 'array', items: scalar.type };
    else if (scalar && !isArray) type = scalar.type;
  }
  return { type, optional, constraints: constraintText(metas), names };
}
