import { observationActive, observe } from './observe';

/**
 * Method decorator for an optimizer's `compile(student, options)`: the run becomes one observed
 * `compile` call (callbacks `onCompileStart/End`, a `dspy.compile` span) that every trial,
 * evaluation and LM call inside nests under.
 *
 * @example
 * class MyOptimizer implements Optimizer {
 *   @ObserveCompile()
 *   async compile(student, options) { ... }
 * }
 */
export function ObserveCompile(): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (this: object, student: object, options?: object) => Promise<unknown>;
    descriptor.value = function observedCompile(this: object, student: object, options?: object) {
      const { trainset, valset } = (options ?? {}) as { trainset?: readonly unknown[]; valset?: readonly unknown[] };
      return observe(
        {
          kind: 'compile',
          instance: this,
          name: (this as { name?: string }).name ?? this.constructor.name,
          inputs: { student, trainsetSize: trainset?.length ?? 0, valsetSize: valset?.length ?? 0 },
        },
        () => original.call(this, student, options),
      );
    };
    return descriptor;
  };
}

/**
 * Method decorator for a retriever's `retrieve(query, options)`: one observed `retrieve` call
 * (callbacks `onRetrieveStart/End`, a `dspy.retrieve` span) with the query and `k` as inputs and
 * the passages as outputs.
 *
 * @example
 * class MyRetriever implements Retriever {
 *   @ObserveRetrieve()
 *   async retrieve(query: string, options?: RetrieveOptions) { ... }
 * }
 */
export function ObserveRetrieve(): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (this: object, query: string, options?: { k?: number }) => Promise<unknown>;
    descriptor.value = function observedRetrieve(this: object, query: string, options?: { k?: number }) {
      if (!observationActive()) return original.call(this, query, options);
      return observe(
        { kind: 'retrieve', instance: this, name: this.constructor.name, inputs: { query, k: options?.k } },
        () => original.call(this, query, options),
      );
    };
    return descriptor;
  };
}
