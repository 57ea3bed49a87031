import { DspyError } from '../errors/dspy-error';
import { METADATA_KEYS } from '../metadata/metadata-keys';

/**
 * A description for a nested model class or one of its properties, as pydantic's
 * `Field(description=...)` (property) or a model's docstring (class). It goes into the JSON
 * schema DSPy prints for the field (`"description": ...`) and into structured-output schemas.
 * Put it beside the property's class-validator decorators (only validated properties are fields).
 * Signature fields take `desc` instead (`@OutputField({ desc })`).
 *
 * @example
 * @Description('A postal address.')
 * class Address {
 *   @Description('street and number') @IsString() street!: string;
 *   @Description('postal code') @IsOptional() @IsInt() zip?: number;
 * }
 */
export function Description(text: string): ClassDecorator & PropertyDecorator {
  if (typeof text !== 'string')
    throw new DspyError('SIGNATURE_INVALID', `@Description() takes a string, got ${typeof text}.`);
  return ((target: object, property?: string | symbol) => {
    if (property === undefined) Reflect.defineMetadata(METADATA_KEYS.description, text, target);
    else Reflect.defineMetadata(METADATA_KEYS.description, text, target, property);
  }) as ClassDecorator & PropertyDecorator;
}

/**
 * The `@Description` of a class (no `property`) or of one of its properties, if any.
 *
 * @example
 * descriptionOf(Address, 'street'); // 'street and number'
 */
export function descriptionOf(cls: Function, property?: string): string | undefined {
  const value: unknown =
    property === undefined
      ? Reflect.getOwnMetadata(METADATA_KEYS.description, cls)
      : Reflect.getMetadata(METADATA_KEYS.description, cls.prototype, property);
  return typeof value === 'string' ? value : undefined;
}
