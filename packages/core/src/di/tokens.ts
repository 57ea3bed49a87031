/**
 * Container tokens. `Symbol.for` keeps them equal across duplicate installs of the package.
 *
 * @example
 * container.rebindSync(LM).toConstantValue(new DummyLM([{ answer: 'Paris' }]));
 */
export const LM = Symbol.for('@dspy-ts/core:LM');
export const ADAPTER = Symbol.for('@dspy-ts/core:ADAPTER');
export const RETRIEVER = Symbol.for('@dspy-ts/core:RETRIEVER');
export const EMBEDDER = Symbol.for('@dspy-ts/core:EMBEDDER');
export const OPTIMIZER = Symbol.for('@dspy-ts/core:OPTIMIZER');
/**
 * Callbacks (an array) every `@Module` program resolved from the container reports to.
 *
 * @example
 * container.bind(CALLBACKS).toConstantValue([{ onLmEnd: (e) => console.log(e.callId) }]);
 */
export const CALLBACKS = Symbol.for('@dspy-ts/core:CALLBACKS');
