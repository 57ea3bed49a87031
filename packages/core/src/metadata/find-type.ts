import type { TypeRef } from '../signature/type-ref';
import { validatorHints, type ValidationMetadata } from './class-validator-reader';
import type { FieldRegistration } from './metadata-storage';
import { METADATA_KEYS } from './metadata-keys';
import { resolveTypeOption, typeError, typeRefFromSource, type TypeSite } from './type-source';

/** A field's type with what class-validator adds to it. */
export interface ResolvedFieldType {
  readonly type: TypeRef;
  readonly optional: boolean;
  readonly constraints?: string;
}

const TYPE_FIX =
  'Pass `type` to the field decorator, e.g. `type: () => [String]`, `() => Citation`, `() => MyEnum`, `T.literal("a", "b")`, or add a class-validator decorator such as `@IsIn([...])`.';

/**
 * Resolves one field's type: explicit `type` option, then class-validator metadata, then
 * `design:type`. Returns `undefined` only when `allowDeferred` and a thunk names a class that is
 * declared later in the file; `getSignature` resolves it once the module has loaded.
 *
 * @example
 * findFieldType(QA, registration, validationMetadata.get('answer') ?? [], false); // { type: T.int, optional: false }
 */
export function findFieldType(
  cls: Function,
  reg: FieldRegistration,
  metas: readonly ValidationMetadata[],
  site: TypeSite,
  allowDeferred: boolean,
): ResolvedFieldType | undefined {
  const designType: unknown = Reflect.getMetadata(METADATA_KEYS.designType, reg.declaredOn.prototype, reg.propertyName);
  let hints;
  try {
    hints = validatorHints(cls, metas, designType, site);
  } catch (err) {
    if (allowDeferred && err instanceof ReferenceError) return undefined;
    throw err;
  }
  const optional = reg.options.optional ?? hints.optional;
  const base = { optional, ...(hints.constraints ? { constraints: hints.constraints } : {}) };

  if (reg.options.type !== undefined) {
    const type = resolveTypeOption(reg.options.type, site, allowDeferred);
    return type && { ...base, type };
  }
  if (hints.type) return { ...base, type: hints.type };
  return { ...base, type: fromDesignType(designType, site) };
}

function fromDesignType(designType: unknown, site: TypeSite): TypeRef {
  if (designType === undefined) {
    throw typeError(
      site,
      'has no type information (no `design:type` metadata).',
      'Either tsconfig lacks "experimentalDecorators": true with "emitDecoratorMetadata": true (and `import \'reflect-metadata\'` ' +
        'before the class loads), or the file was compiled by a tool that never emits that metadata: esbuild-based ' +
        'runners (tsx, vitest, Bun) do not, whatever tsconfig says. There, give every field its type, which works under ' +
        'any compiler: `@InputField({ type: () => String })`, `@OutputField({ type: T.int })`, `type: () => [String]`; or use a string signature.',
    );
  }
  if (designType === Array)
    throw typeError(site, 'is an array but its element type is unknown (`design:type` is Array).', TYPE_FIX);
  if (designType === Object) {
    throw typeError(
      site,
      'has a type that decorators cannot see (`design:type` is Object: a union, nullable, interface, type alias, Record or any).',
      TYPE_FIX,
    );
  }
  return typeRefFromSource(designType, site);
}
