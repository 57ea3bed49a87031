/**
 * class-transformer keeps `@Type(() => C)` in its own storage, which its index does not export.
 * Its CJS build is what Node and Jest load, so requiring the storage module gives the same
 * singleton `@Type` wrote to.
 */
interface TypeMetadataLike {
  readonly typeFunction: (options?: unknown) => Function;
}
interface TransformerStorageLike {
  findTypeMetadata(target: Function, propertyName: string): TypeMetadataLike | undefined;
}

let storage: TransformerStorageLike | null | undefined;

function transformerStorage(): TransformerStorageLike | null {
  if (storage === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      storage = (require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorageLike })
        .defaultMetadataStorage;
    } catch {
      storage = null;
    }
  }
  return storage;
}

/**
 * The class named by class-transformer's `@Type(() => C)` on `cls.property`, if any.
 *
 * @example
 * transformerTypeOf(Answer, 'citations'); // Citation
 */
export function transformerTypeOf(cls: Function, property: string): Function | undefined {
  const meta = transformerStorage()?.findTypeMetadata(cls, property);
  if (!meta) return undefined;
  const type = meta.typeFunction();
  return typeof type === 'function' ? type : undefined;
}
