/**
 * `@dspy-ts/core/testing`: test doubles that need nothing but core (core's own specs use them too).
 * `@dspy-ts/testing` re-exports them beside DummyLM, the fake servers and the test container.
 */
export { ScriptedLM, lmOutput, fieldOf } from './scripted-lm';
export type { ScriptedLMOptions, ScriptedReply, ScriptedReplyFn } from './scripted-lm';
export { routeWarnings } from './route-warnings';
