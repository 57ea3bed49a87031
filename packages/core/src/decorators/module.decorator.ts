import { ADAPTER, CALLBACKS, LM } from '../di/tokens';
import { DspyError } from '../errors/dspy-error';
import { type ModuleOptions, setModuleOptions } from '../metadata/module-metadata';
import { INJECTED_ADAPTER, INJECTED_CALLBACKS, INJECTED_LM } from '../primitives/injected';
import { inversify } from '../utils/lazy-deps';

/**
 * Marks a `Program` subclass as a dspy-ts module: injectable from an Inversify container
 * (constructor parameters resolved as usual), with the container's `LM` and `ADAPTER`
 * injected so every predictor inside uses them unless given its own.
 *
 * @example
 * @Module({ description: 'Answers support questions' })
 * class SupportBot extends Program<{ question: string }, Prediction> {
 *   constructor(@inject(RETRIEVER) private readonly kb: Retriever) { super(); }
 *   readonly answer = new ChainOfThought('context, question -> answer');
 *   async forward({ question }) { ... }
 * }
 */
export function Module(options: ModuleOptions = {}): ClassDecorator {
  return (target) => {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new DspyError(
        'CONFIG_INVALID',
        `@Module() on ${target.name} takes an options object ({ description }), got ${String(options)}.`,
      );
    }
    if (typeof (target.prototype as { forward?: unknown }).forward !== 'function') {
      throw new DspyError(
        'CONFIG_INVALID',
        `@Module() class ${target.name} has no forward() method. Extend Program and implement \`async forward(inputs)\`.`,
      );
    }
    setModuleOptions(target, options);
    const { inject, injectable, optional } = inversify();
    injectable()(target);
    // Registered on each decorated class: inversify 7 does not inherit property injections
    // through undecorated base classes.
    for (const [key, token] of [
      [INJECTED_LM, LM],
      [INJECTED_ADAPTER, ADAPTER],
      [INJECTED_CALLBACKS, CALLBACKS],
    ] as const) {
      inject(token)(target.prototype, key);
      optional()(target.prototype, key);
    }
  };
}
