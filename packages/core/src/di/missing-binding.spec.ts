import 'reflect-metadata';
import { inject } from 'inversify';
import { DspyError } from '../errors/dspy-error';
import { Module } from '../decorators/module.decorator';
import { Program } from '../primitives/program';
import type { Retriever } from '../retrieval/retriever';
import { createContainer } from './create-container';
import { LM, RETRIEVER } from './tokens';

@Module()
class NeedsRetriever extends Program<{ q: string }> {
  constructor(@inject(RETRIEVER) readonly kb: Retriever) {
    super();
  }
  async forward() {
    return {};
  }
}

describe('a missing binding in the container', () => {
  it('names the token, the class that needed it and how to bind it', () => {
    const container = createContainer();
    let caught: unknown;
    try {
      container.get(NeedsRetriever);
    } catch (err) {
      caught = err;
    }
    expect(DspyError.is(caught, 'CONFIG_INVALID')).toBe(true);
    const message = (caught as Error).message;
    expect(message).toContain('Nothing is bound to the RETRIEVER token in the container (needed by NeedsRetriever)');
    expect(message).toContain('createContainer({ retriever })');
    expect(message).toContain('container.bind(RETRIEVER).toConstantValue(...)');
  });

  it('does so for a direct get of the LM token, sync and async', async () => {
    const container = createContainer();
    expect(() => container.get(LM)).toThrow(/Nothing is bound to the LM token.*createContainer\(\{ lm \}\)/);
    await expect(container.getAsync(LM)).rejects.toThrow(/Nothing is bound to the LM token/);
  });

  it('leaves other errors and successful resolutions alone', () => {
    const kb: Retriever = { retrieve: async () => [] };
    expect(createContainer({ retriever: kb }).get(NeedsRetriever).kb).toBe(kb);
  });
});
