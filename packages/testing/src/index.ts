// Explicit export list.
export { createTestContainer } from './create-test-container';
export { DummyLM } from './dummy-lm';
export type { DummyAnswer, DummyAnswers, DummyLMOptions } from './dummy-lm';
