// Every module that reads or writes metadata imports this file, so loading @dspy-ts/core installs the
// Reflect metadata API before user classes are declared (TS skips `design:type` when it is missing).
import 'reflect-metadata';

/**
 * Every metadata key dspy-ts writes, in one place so two features never collide and a
 * reader can find the writer. Values are namespaced strings; `Symbol.for` of a key gives
 * the same symbol in every copy of the package.
 *
 * @example
 * Reflect.getMetadata(METADATA_KEYS.signature, MyQA); // the @Signature options, when decorated
 */
export const METADATA_KEYS = {
  /** Global slot of the metadata storage singleton (shared by duplicate installs). */
  storage: '@dspy-ts/core:metadata-storage',
  /** Set on a class by `@Signature`; value: its `SignatureClassOptions`. */
  signature: '@dspy-ts/core:signature',
  /** Set on a property by `@InputField`/`@OutputField`; value: its `FieldRegistration`. */
  field: '@dspy-ts/core:field',
  /** `@Module` options on a program class (written by `module-metadata.ts`). */
  moduleOptions: '@dspy-ts/core:module-options',
  /** Set by `@Description` on a nested class or one of its properties; value: the text. */
  description: '@dspy-ts/core:description',
  /** Standard TypeScript emit (`emitDecoratorMetadata`), listed so readers do not spell it twice. */
  designType: 'design:type',
} as const;

export type MetadataKey = (typeof METADATA_KEYS)[keyof typeof METADATA_KEYS];
