import { createContainer, EMBEDDER, type Embedder, OPTIMIZER } from '@dspy-ts/core';
import { BootstrapFewShot } from '../bootstrap/bootstrap-few-shot';
import { KNNFewShot } from '../knn/knn-few-shot';
import { LabeledFewShot } from '../labeled-few-shot';
import type { Optimizer } from '../optimizer';
import { bindOptimizer } from './bind-optimizer';

const metric = () => true;

describe('bindOptimizer', () => {
  it('binds an optimizer with its config to OPTIMIZER, resolvable from createContainer', () => {
    const container = bindOptimizer(createContainer(), new BootstrapFewShot({ metric, maxBootstrappedDemos: 2 }));
    const optimizer = container.get<Optimizer>(OPTIMIZER);
    expect(optimizer).toBeInstanceOf(BootstrapFewShot);
    expect(optimizer.config).toMatchObject({ metric, maxBootstrappedDemos: 2, maxLabeledDemos: 16 });
  });

  it('replaces an earlier binding, including one made by createContainer({ optimizer })', () => {
    const container = createContainer({ optimizer: new LabeledFewShot() });
    expect(container.get(OPTIMIZER)).toBeInstanceOf(LabeledFewShot);
    bindOptimizer(container, new BootstrapFewShot());
    expect(container.get(OPTIMIZER)).toBeInstanceOf(BootstrapFewShot);
  });

  it('builds an optimizer from other bindings with a factory, once', () => {
    const embedder: Embedder = { model: 'e', embed: async (t) => t.map(() => [1]) };
    const container = bindOptimizer(
      createContainer({ embedder }),
      (ctx) => new KNNFewShot({ k: 3, embedder: ctx.get<Embedder>(EMBEDDER) }),
    );
    const optimizer = container.get<KNNFewShot>(OPTIMIZER);
    expect(optimizer.config.embedder).toBe(embedder);
    expect(container.get(OPTIMIZER)).toBe(optimizer);
  });
});
