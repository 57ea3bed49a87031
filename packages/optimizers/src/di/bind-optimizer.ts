import { OPTIMIZER } from '@dspy-ts/core';
import type { Container, ResolutionContext } from 'inversify';
import type { Optimizer } from '../optimizer';

/** Builds an optimizer from other bindings (e.g. `ctx.get(EMBEDDER)`). */
export type OptimizerFactory = (ctx: ResolutionContext) => Optimizer;

/**
 * Binds an optimizer (with its config) to the `OPTIMIZER` token, replacing any earlier binding.
 * Pass an instance, or a factory that builds one from other bindings on first resolution
 * (singleton: optimizers hold only configuration).
 *
 * @example
 * const container = createContainer({ lm });
 * bindOptimizer(container, new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 4 }));
 * const optimizer = container.get<Optimizer>(OPTIMIZER);
 * // or, built from other bindings:
 * bindOptimizer(container, (ctx) => new KNNFewShot({ k: 3, embedder: ctx.get(EMBEDDER) }));
 */
export function bindOptimizer(container: Container, optimizer: Optimizer | OptimizerFactory): Container {
  const binding = container.isCurrentBound(OPTIMIZER)
    ? container.rebindSync<Optimizer>(OPTIMIZER)
    : container.bind<Optimizer>(OPTIMIZER);
  if (typeof optimizer === 'function') binding.toDynamicValue(optimizer).inSingletonScope();
  else binding.toConstantValue(optimizer);
  return container;
}
