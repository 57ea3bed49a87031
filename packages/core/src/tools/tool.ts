import { toolMethod, type ToolMethodOptions } from './tool-decorator';
import { type ToolFunction, ToolImpl, type ToolOptions } from './tool-impl';

/** `Tool` is both the class (`new Tool(fn, options)`) and the method decorator (`@Tool({ desc })`). */
export interface ToolConstructor {
  new <A = any, R = unknown>(func: ToolFunction<A, R>, options?: ToolOptions): ToolImpl<A, R>;
  (options?: ToolMethodOptions): MethodDecorator;
  readonly prototype: ToolImpl<any, any>;
}

/**
 * A function the model may call (DSPy's `dspy.Tool`), or, called as a decorator, a method
 * `toolsFrom(instance)` collects. Arguments are one object whose schema comes from a class with
 * class-validator decorators or from JSON Schema; they are validated before every call.
 *
 * @example
 * const add = new Tool(({ a, b }: { a: number; b: number }) => a + b, {
 *   desc: 'Add two numbers.',
 *   args: { a: { type: 'integer' }, b: { type: 'integer' } },
 * });
 * String(add); // "add, whose description is <desc>Add two numbers.</desc>. It takes arguments {'a': {'type': 'integer'}, 'b': {'type': 'integer'}}."
 *
 * class Kb {
 *   @Tool({ desc: 'Search the knowledge base.' })
 *   async search(args: SearchArgs) { return this.index.search(args.query); }
 * }
 */
// A Proxy so one name serves as class and decorator: `new` constructs, a plain call decorates.
export const Tool = new Proxy(ToolImpl, {
  apply: (_target, _this, args: unknown[]) => toolMethod(args[0] as ToolMethodOptions | undefined),
}) as unknown as ToolConstructor;
export type Tool<A = any, R = unknown> = ToolImpl<A, R>;

export type { ToolContext, ToolFunction, ToolOptions, ToolOutcome } from './tool-impl';
export type { ToolMethodOptions } from './tool-decorator';
export type { ArgsClass, ArgsSchema, ObjectArgsSchema } from './tool-args';
export { ToolArgs, toolsFrom } from './tool-decorator';
export { ToolImpl };
