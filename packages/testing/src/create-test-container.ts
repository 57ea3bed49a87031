import { type ContainerOptions, createContainer } from '@dspy-ts/core';
import type { Container } from 'inversify';
import { DummyLM } from './dummy-lm';

/**
 * A container for tests: like `createContainer`, with a `DummyLM` bound to `LM` unless you pass one.
 * With no answers the DummyLM replies "No more responses", so unscripted calls are easy to spot.
 *
 * @example
 * const container = createTestContainer({ lm: new DummyLM([{ answer: 'Paris' }]) });
 * const bot = container.get(SupportBot);
 */
export function createTestContainer(options: ContainerOptions = {}): Container {
  return createContainer({ ...options, lm: options.lm ?? new DummyLM([]) });
}
