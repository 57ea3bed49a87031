import {
  BaseLM,
  configure,
  consoleLogger,
  costOf,
  type LmResponse,
  modelPrice,
  resetSettings,
  setModelPrices,
  silentLogger,
  trackUsage,
  withSettings,
} from '../../src';

class CutLM extends BaseLM {
  readonly capabilities = { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: false, images: false };
  constructor() {
    super('gpt-4o-mini');
  }
  protected async forward(): Promise<LmResponse> {
    return {
      model: this.model,
      outputs: [{ text: 'half', finishReason: 'length' }],
      usage: { promptTokens: 1000, completionTokens: 100, totalTokens: 1100 },
    };
  }
}

const msgs = [{ role: 'user' as const, content: 'hi' }];
afterEach(() => resetSettings());

describe('logger', () => {
  it('the default console logger writes warnings as one line and drops debug/info', () => {
    const lines: string[] = [];
    const log = consoleLogger({ write: (l) => lines.push(l) });
    log.debug('hidden');
    log.info({ a: 1 }, 'hidden');
    log.warn({ code: 'X', model: 'm' }, 'cut off');
    log.error({ err: new Error('bad thing') }, 'failed');
    expect(lines).toEqual(['[dspy-ts] WARN cut off {"code":"X","model":"m"}', '[dspy-ts] ERROR failed: bad thing']);
  });

  it('routes warnings to configure({ logger }), once per LM and cause', async () => {
    const warnings: [object, string][] = [];
    const noop = () => undefined;
    configure({ logger: { debug: noop, info: noop, error: noop, warn: (o, m) => warnings.push([o as object, m!]) } });
    const lm = new CutLM();
    await lm.call(msgs, { maxTokens: 5 });
    await lm.call(msgs, { maxTokens: 5 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]![0]).toMatchObject({ code: 'DSPY_TS_TRUNCATED', model: 'gpt-4o-mini', maxTokens: 5 });
    await lm.call(msgs, { maxTokens: 500 }); // another cause: a different limit
    expect(warnings).toHaveLength(2);
  });

  it('a silent health probe does not use up the warning a real call needs', async () => {
    const warnings: string[] = [];
    const noop = () => undefined;
    configure({ logger: { debug: noop, info: noop, error: noop, warn: (_o, m) => warnings.push(m!) } });
    const lm = new CutLM();
    await withSettings({ logger: silentLogger }, () => lm.call(msgs, { maxTokens: 1 }));
    expect(warnings).toHaveLength(0);
    await lm.call(msgs, { maxTokens: 1 });
    expect(warnings).toHaveLength(1);
  });
});

describe('cost', () => {
  it('prices known models, prefixed and dated names, and user-added ones', () => {
    expect(modelPrice('openai/gpt-4o-mini-2024-07-18')).toEqual(modelPrice('gpt-4o-mini'));
    expect(costOf('llama3.2', { promptTokens: 1, completionTokens: 1, totalTokens: 2 })).toBeUndefined();
    setModelPrices({ 'my-model': { inputPerMillion: 2, outputPerMillion: 4 } });
    expect(costOf('my-model', { promptTokens: 1_000_000, completionTokens: 500_000, totalTokens: 1_500_000 })).toBe(4);
  });

  it('adds cost to tracked usage', async () => {
    const lm = new CutLM();
    const { usage } = await trackUsage(() => lm.call(msgs));
    expect(usage.cost()).toBeCloseTo((1000 * 0.15 + 100 * 0.6) / 1e6, 12);
    expect(lm.usage.cost()).toBeCloseTo(usage.cost(), 12);
  });
});
