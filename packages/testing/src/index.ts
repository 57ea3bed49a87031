// Explicit export list.
export { createTestContainer } from './create-test-container';
export { DummyLM } from './dummy-lm';
