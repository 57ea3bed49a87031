import { OPTIMIZER } from '@dspy-ts/core';
import type { Container } from 'inversify';
import type { Optimizer } from '../optimizer';

/**
 * Binds an optimizer (with its config) to the `OPTIMIZER` token, replacing any earlier binding.
 * Pass an instance for a singleton, or a factory to build one per resolution (it receives the
 * container, so it can read other bindings such as `EMBEDDER`).
 *
 * @example
 * const container = createContainer({ lm });
 * bindOptimizer(container, new BootstrapFewShot({ metric: answerExactMatch, maxBootstrappedDemos: 4 }));
 * const optimizer = container.get<Optimizer>(OPTIMIZER);
 * // or, built from other bindings:
 * bindOptimizer(container, (c) => new KNNFewShot({ k: 3, embedder: c.get(EMBEDDER) }));
 */
export function bindOptimizer(container: Container, optimizer: Optimizer | ((container: Container) => Optimizer)): Container {
  const binding = container.isCurrentBound(OPTIMIZER) ? container.rebindSync<Optimizer>(OPTIMIZER) : container.bind<Optimizer>(OPTIMIZER);
  if (typeof optimizer === 'function') binding.toDynamicValue((ctx) => optimizer(ctx.get as unknown as Container)).inTransientScope();
  else binding.toConstantValue(optimizer);
  return container;
}
