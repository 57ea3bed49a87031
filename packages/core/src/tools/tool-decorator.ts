import 'reflect-metadata';
import { DspyError } from '../errors/dspy-error';
import { readValidationMetadata } from '../metadata/class-validator-reader';
import { getSignatureMetadataStorage } from '../metadata/metadata-storage';
import { type ArgsClass, isMarkedArgsClass, markArgsClass } from './tool-args';
import { type ToolFunction, ToolImpl, type ToolOptions } from './tool-impl';

/** Options of `@Tool()` on a method; the name defaults to the method's. */
export type ToolMethodOptions = ToolOptions;

const NOT_ARGS = new Set<unknown>([Object, String, Number, Boolean, Array, Function, Promise, Date, Map, Set]);

/**
 * The method decorator behind `@Tool({ desc })`: records the method so `toolsFrom(instance)`
 * can turn it into a bound `Tool`. The method takes one argument object; its declared class,
 * when it carries class-validator decorators (or `@ToolArgs()`), becomes the argument schema.
 * Used as `@Tool({ ... })`.
 *
 * @example
 * class Kb { @Tool({ desc: 'Search the knowledge base.' }) search(args: SearchArgs) { ... } }
 */
export function toolMethod(options: ToolMethodOptions = {}): MethodDecorator {
  return (target, key, descriptor) => {
    if (typeof key !== 'string' || typeof descriptor.value !== 'function') {
      throw new DspyError('CONFIG_INVALID', `@Tool() goes on a method with a string name, not on ${String(key)}.`);
    }
    const paramType = (Reflect.getMetadata('design:paramtypes', target, key) as unknown[] | undefined)?.[0];
    getSignatureMetadataStorage().addToolMethod(target, { key, options, paramType });
  };
}

/**
 * Marks a class as a tool's argument object, optionally with per-argument descriptions.
 * Argument schemas come from its class-validator decorators (and property initializers, which
 * become defaults).
 *
 * @example
 * @ToolArgs({ argDesc: { query: 'what to look for' } })
 * class SearchArgs {
 *   @IsString() query!: string;
 *   @IsOptional() @IsInt() @Min(1) k = 3;
 * }
 */
export function ToolArgs(options: { argDesc?: Readonly<Record<string, string>> } = {}): ClassDecorator {
  return (target) => markArgsClass(target, options);
}

/**
 * Every `@Tool()` method of `instance` (inherited ones included) as a `Tool` bound to it.
 *
 * @example
 * class Kb {
 *   @Tool({ desc: 'Search the knowledge base.' })
 *   async search(args: SearchArgs) { return this.index.search(args.query, args.k); }
 * }
 * const agent = new ReAct('question -> answer', { tools: toolsFrom(new Kb()) });
 */
export function toolsFrom(instance: object): ToolImpl[] {
  const tools: ToolImpl[] = [];
  const seen = new Set<string>();
  const chain: object[] = [];
  // Most derived first, so a subclass that re-decorates a method decides its options.
  for (
    let proto = Object.getPrototypeOf(instance);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  )
    chain.push(proto);
  const storage = getSignatureMetadataStorage();
  for (const proto of chain) {
    for (const record of storage.getOwnToolMethods(proto)) {
      if (seen.has(record.key)) continue;
      seen.add(record.key);
      const method = (instance as Record<string, unknown>)[record.key] as ToolFunction;
      const args = record.options.args ?? (isArgsClass(record.paramType) ? (record.paramType as ArgsClass) : undefined);
      tools.push(
        new ToolImpl((a, ctx) => method.call(instance, a, ctx), {
          ...record.options,
          name: record.options.name ?? record.key,
          args,
        }),
      );
    }
  }
  if (tools.length === 0) {
    throw new DspyError(
      'CONFIG_INVALID',
      `${instance.constructor?.name ?? 'The object'} has no @Tool() methods; decorate the methods the agent may call with @Tool({ desc }).`,
    );
  }
  return tools;
}

function isArgsClass(type: unknown): boolean {
  if (typeof type !== 'function' || NOT_ARGS.has(type)) return false;
  return isMarkedArgsClass(type) || readValidationMetadata(type).size > 0;
}
