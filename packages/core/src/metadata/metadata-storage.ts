import type { FieldRole } from '../signature/field-spec';
import type { FieldOptions, SignatureClassOptions } from './field-options';
import { METADATA_KEYS } from './metadata-keys';
import type { ToolOptions } from '../tools/tool-impl';

/** One `@InputField`/`@OutputField` application, as recorded by the decorator (nothing resolved yet). */
export interface FieldRegistration {
  readonly propertyName: string;
  readonly role: FieldRole;
  readonly options: FieldOptions;
  /** The class that declared the property (differs from the signature class for inherited fields). */
  readonly declaredOn: Function;
}

/** One `@Tool()` method, as recorded by the decorator. */
export interface ToolMethodRegistration {
  readonly key: string;
  readonly options: ToolOptions;
  /** The first parameter's declared class (`design:paramtypes`), a candidate argument class. */
  readonly paramType?: unknown;
}

/** `@ToolArgs()` options of an argument class. */
export interface ToolArgsRegistration {
  readonly argDesc?: Readonly<Record<string, string>>;
}

/**
 * Raw decorator records (signatures, fields, tools, tool argument classes), keyed by class. Decorators only append here; everything is resolved later
 * (in `@Signature` or `getSignature`), because property decorators run before the class decorator
 * and in any order relative to class-validator's.
 */
export class MetadataStorage {
  private readonly fields = new WeakMap<Function, FieldRegistration[]>();
  private readonly signatures = new WeakMap<Function, SignatureClassOptions>();
  private readonly toolMethods = new WeakMap<object, ToolMethodRegistration[]>();
  private readonly toolArgs = new WeakMap<Function, ToolArgsRegistration>();

  /** Records a `@Tool()` method on `prototype` (its own methods, in declaration order). */
  addToolMethod(prototype: object, registration: ToolMethodRegistration): void {
    const own = this.toolMethods.get(prototype) ?? [];
    own.push(registration);
    this.toolMethods.set(prototype, own);
  }

  /** The `@Tool()` methods declared on `prototype` itself (callers walk the prototype chain). */
  getOwnToolMethods(prototype: object): readonly ToolMethodRegistration[] {
    return this.toolMethods.get(prototype) ?? [];
  }

  setToolArgs(target: Function, registration: ToolArgsRegistration): void {
    this.toolArgs.set(target, registration);
  }

  getToolArgs(target: Function): ToolArgsRegistration | undefined {
    return this.toolArgs.get(target);
  }

  addField(registration: FieldRegistration): void {
    const own = this.fields.get(registration.declaredOn) ?? [];
    own.push(registration);
    this.fields.set(registration.declaredOn, own);
  }

  setSignatureOptions(target: Function, options: SignatureClassOptions): void {
    this.signatures.set(target, options);
  }

  /** Options of `target` or of its nearest decorated ancestor (a subclass of a signature is a signature). */
  findSignatureOptions(target: Function): { owner: Function; options: SignatureClassOptions } | undefined {
    for (const cls of lineage(target).reverse()) {
      const options = this.signatures.get(cls);
      if (options) return { owner: cls, options };
    }
    return undefined;
  }

  /** Nearest instructions along the chain, as DSPy lets a subclass inherit its base's docstring. */
  findInstructions(target: Function): string | undefined {
    for (const cls of lineage(target).reverse()) {
      const text = this.signatures.get(cls)?.instructions;
      if (text !== undefined) return text;
    }
    return undefined;
  }

  /** Own and inherited registrations, base classes first, each in declaration order. */
  getFields(target: Function): FieldRegistration[] {
    return lineage(target).flatMap((cls) => this.fields.get(cls) ?? []);
  }
}

/** `[Base, ..., target]`, stopping before `Function.prototype`. */
function lineage(target: Function): Function[] {
  const chain: Function[] = [];
  for (
    let cls: unknown = target;
    typeof cls === 'function' && cls !== Function.prototype;
    cls = Object.getPrototypeOf(cls)
  ) {
    chain.unshift(cls as Function);
  }
  return chain;
}

/**
 * The process-wide storage. Kept under a global symbol so two installed copies of
 * @dspy-ts/core see the same decorator records.
 *
 * @example
 * getSignatureMetadataStorage().getFields(QA).map((f) => f.propertyName); // ['question', 'answer']
 */
export function getSignatureMetadataStorage(): MetadataStorage {
  const slot = Symbol.for(METADATA_KEYS.storage);
  const holder = globalThis as unknown as Record<symbol, MetadataStorage | undefined>;
  return (holder[slot] ??= new MetadataStorage());
}
