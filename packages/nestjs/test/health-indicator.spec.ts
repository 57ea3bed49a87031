import { Test } from '@nestjs/testing';
import { type LanguageModel, LmError, type LmResponse } from '@dspy-ts/core';
import { ZERO_USAGE } from '@dspy-ts/core/provider-kit';
import { DummyLM } from '@dspy-ts/testing';
import { DspyHealthIndicator, DspyModule, type DspyModuleOptions } from '../src';

const CAPS = { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: false, images: false };

/** An LM whose every call does what `reply` says; counts calls. */
function scriptedLm(reply: () => Promise<LmResponse>): LanguageModel & { calls: number } {
  const lm = { model: 'scripted', capabilities: CAPS, calls: 0, call: () => (lm.calls++, reply()) };
  return lm;
}
const ok = async (): Promise<LmResponse> => ({ model: 'scripted', usage: ZERO_USAGE, outputs: [{ text: 'ok' }] });

async function indicator(options: DspyModuleOptions): Promise<DspyHealthIndicator> {
  const moduleRef = await Test.createTestingModule({ imports: [DspyModule.forRoot(options)] }).compile();
  return moduleRef.get(DspyHealthIndicator);
}

describe('DspyHealthIndicator', () => {
  it('reports up with the model and latency when the LM answers', async () => {
    const health = await indicator({ lm: new DummyLM([{ answer: 'ok' }]) });
    expect(await health.check()).toEqual({ lm: { status: 'up', model: 'dummy', latencyMs: expect.any(Number) } });
  });

  it('reports down with the error code only (never the error text) when the LM fails, and probes again next time', async () => {
    const lm = scriptedLm(async () => {
      throw new LmError('LM_CONNECTION', 'fetch failed: http://admin:hunter2@127.0.0.1:11434/api/chat');
    });
    const health = await indicator({ lm });
    const result = await health.check('llm');
    expect(result).toEqual({ llm: { status: 'down', model: 'scripted', error: 'LM_CONNECTION' } });
    expect(JSON.stringify(result)).not.toContain('hunter2');
    await health.check('llm');
    expect(lm.calls).toBe(2);
  });

  it('reports down when the LM does not answer within the deadline', async () => {
    const lm = scriptedLm(() => new Promise(() => undefined));
    const health = await indicator({ lm: new DummyLM([]), health: { timeoutMs: 50 } });
    // A plain LanguageModel gets the deadline as `timeoutMs`; BaseLM enforces it. This one ignores it,
    // so the indicator's own race is what answers.
    const result = await health.check('lm', lm);
    expect(result.lm).toMatchObject({ status: 'down', error: 'LM_TIMEOUT' });
  });

  it('says how to fix a missing LM', async () => {
    const health = await indicator({});
    expect((await health.check()).lm).toMatchObject({
      status: 'down',
      error: 'LM_MISSING',
      message: expect.stringContaining('forRoot'),
    });
  });

  it('shares one probe between concurrent checks and reuses a good result for cacheTtlMs', async () => {
    const lm = scriptedLm(ok);
    const health = await indicator({ lm, health: { cacheTtlMs: 60_000 } });
    await Promise.all([health.check(), health.check(), health.check()]);
    await health.check();
    expect(lm.calls).toBe(1);
    const fresh = await indicator({ lm, health: { cacheTtlMs: 0 } });
    await fresh.check();
    await new Promise((r) => setTimeout(r, 2));
    await fresh.check();
    expect(lm.calls).toBe(3);
  });
});
