import type { Container } from 'inversify';
import { inversify } from '../utils/lazy-deps';
import type { Adapter } from '../adapters/adapter';
import type { LanguageModel } from '../lm/language-model';
import type { Callback } from '../observability/callback';
import { withBindingErrors } from './missing-binding';
import { ADAPTER, CALLBACKS, EMBEDDER, LM, OPTIMIZER, RETRIEVER } from './tokens';

export interface ContainerOptions {
  lm?: LanguageModel;
  adapter?: Adapter;
  retriever?: unknown;
  embedder?: unknown;
  optimizer?: unknown;
  /** Callbacks of every `@Module` program resolved from this container (bound to `CALLBACKS`). */
  callbacks?: readonly Callback[];
  /** Build on an existing container (its bindings stay visible). */
  parent?: Container;
}

/**
 * An Inversify container with dspy-ts collaborators bound to their tokens. `@Module` programs
 * resolve from it with no explicit binding (autobind) and receive the LM and adapter.
 *
 * @example
 * const container = createContainer({ lm: new OllamaLM({ model: 'llama3.2' }) });
 * const bot = container.get(SupportBot);
 * // in a test:
 * container.rebindSync(LM).toConstantValue(new DummyLM([{ answer: 'Paris' }]));
 */
export function createContainer(options: ContainerOptions = {}): Container {
  const container = new (inversify().Container)({ autobind: true, defaultScope: 'Transient', parent: options.parent });
  const values: [symbol, unknown][] = [
    [LM, options.lm],
    [ADAPTER, options.adapter],
    [RETRIEVER, options.retriever],
    [EMBEDDER, options.embedder],
    [OPTIMIZER, options.optimizer],
    [CALLBACKS, options.callbacks],
  ];
  for (const [token, value] of values) if (value !== undefined) container.bind(token).toConstantValue(value);
  // A missing LM/retriever binding says which token to bind and how, not Inversify's raw message.
  return withBindingErrors(container);
}
