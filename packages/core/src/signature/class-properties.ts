import 'reflect-metadata';
import { readValidationMetadata, validatorHints, type ValidationMetadata } from '../metadata/class-validator-reader';
import type { TypeRef } from './type-ref';
import { descriptionOf } from '../decorators/description.decorator';

/** One property of a nested (pydantic-model-like) class, read from its decorators. */
export interface ClassProperty {
  readonly name: string;
  readonly type: TypeRef;
  /** `@IsOptional()`: not required, may be null (pydantic `Optional[X] = None`). */
  readonly optional: boolean;
  /** JSON-schema keywords from class-validator constraints (`minimum`, `maxLength`, ...). */
  readonly constraints: Readonly<Record<string, unknown>>;
  /** `@Description(...)`: pydantic's `Field(description=...)`. */
  readonly description?: string;
}

type Ctor = new (...args: never[]) => object;

const cache = new WeakMap<Function, readonly ClassProperty[]>();

/**
 * The decorated properties of `cls`, in declaration order, typed the way signature fields are
 * (class-validator `@IsString`, `@IsInt`, `@IsIn`, `@IsEnum`, `@IsArray` + `each`,
 * `@ValidateNested` + `@Type`), falling back to `design:type`. Read once per class.
 *
 * @example
 * class Address { @IsString() city!: string; @IsOptional() @IsString() zip?: string }
 * classProperties(Address).map((p) => p.name); // ['city', 'zip']
 */
export function classProperties(cls: Ctor): readonly ClassProperty[] {
  let props = cache.get(cls);
  if (!props) {
    props = Object.freeze([...readValidationMetadata(cls)].map(([name, metas]) => readProperty(cls, name, metas)));
    cache.set(cls, props);
  }
  return props;
}

function readProperty(cls: Ctor, name: string, metas: ValidationMetadata[]): ClassProperty {
  const designType: unknown = Reflect.getMetadata('design:type', cls.prototype, name);
  const hints = validatorHints(cls, metas, designType, { className: cls.name, property: name });
  const isArray = hints.type?.kind === 'array' || designType === Array || metas.some((m) => m.name === 'isArray');
  return {
    name,
    type: hints.type ?? fromDesignType(designType),
    optional: hints.optional,
    constraints: constraintsOf(metas, isArray),
    description: descriptionOf(cls, name),
  };
}

/** Without validator hints, `design:type` tells scalars and classes; anything else is `Any`. */
function fromDesignType(designType: unknown): TypeRef {
  if (designType === String) return { kind: 'string' };
  if (designType === Number) return { kind: 'number', integer: false };
  if (designType === Boolean) return { kind: 'boolean' };
  if (designType === Array) return { kind: 'array', items: { kind: 'any' } };
  if (typeof designType === 'function' && designType !== Object && designType !== Date) {
    return { kind: 'class', name: designType.name, cls: designType as Ctor };
  }
  return { kind: 'any' };
}

/** class-validator constraints as the JSON-schema keywords pydantic would emit for `Field(...)`. */
function constraintsOf(metas: ValidationMetadata[], isArray: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of metas) {
    const c = m.constraints ?? [];
    if (m.each) continue;
    if (m.name === 'min') out.minimum = c[0];
    else if (m.name === 'max') out.maximum = c[0];
    else if (m.name === 'isPositive') out.exclusiveMinimum = 0;
    else if (m.name === 'isNegative') out.exclusiveMaximum = 0;
    else if (m.name === 'isDivisibleBy') out.multipleOf = c[0];
    else if (m.name === 'minLength') out.minLength = c[0];
    else if (m.name === 'maxLength') out.maxLength = c[0];
    else if (m.name === 'isLength') Object.assign(out, lengthBounds(c[0], c[1]));
    else if (m.name === 'matches' && c[0] instanceof RegExp) out.pattern = c[0].source;
    else if (m.name === 'arrayMinSize' && isArray) out.minItems = c[0];
    else if (m.name === 'arrayMaxSize' && isArray) out.maxItems = c[0];
  }
  return out;
}

function lengthBounds(min: unknown, max: unknown): Record<string, unknown> {
  return {
    ...(typeof min === 'number' ? { minLength: min } : {}),
    ...(typeof max === 'number' ? { maxLength: max } : {}),
  };
}
