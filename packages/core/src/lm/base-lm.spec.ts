import { routeWarnings } from '../testing';
import { trackUsage } from '../context/usage-tracker';
import { DspyError, LmError } from '../errors/dspy-error';
import { BaseLM, type BaseLMOptions } from './base-lm';
import { LmCache } from './cache/lm-cache';
import { ZERO_USAGE, type LmCallOptions, type LmResponse, type LmStreamEvent } from './language-model';
import type { ChatMessage } from './messages';

type Step = { text?: string; error?: () => unknown; delayMs?: number };

/** The BaseLM under test (not a general test double, see @dspy-ts/core/testing): answers `reply-<n>` unless steps say otherwise; records what `forward` saw. */
class StepLM extends BaseLM {
  readonly capabilities = { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: true, images: false };
  readonly seen: LmCallOptions[] = [];
  steps: Step[] = [];
  streaming = false;
  active = 0;
  peak = 0;
  private n = 0;

  constructor(options: BaseLMOptions = {}) {
    super('test/scripted', { retry: { initialDelayMs: 1 }, ...options });
  }

  protected async forward(_messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    this.seen.push(options);
    const step = this.steps.shift() ?? {};
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    try {
      if (step.delayMs) await abortableDelay(step.delayMs, options.signal);
      if (step.error) throw step.error();
      const text = step.text ?? `reply-${++this.n}`;
      return {
        model: this.model,
        outputs: [{ text }],
        usage: { promptTokens: 10, completionTokens: 2, totalTokens: 12 },
      };
    } finally {
      this.active--;
    }
  }

  protected override async *forwardStream(
    messages: readonly ChatMessage[],
    options: LmCallOptions,
  ): AsyncIterable<LmStreamEvent> {
    if (!this.streaming) throw new Error('not streaming');
    const step = this.steps[0];
    if (step?.error) {
      this.steps.shift();
      throw step.error();
    }
    const res = await this.forward(messages, options);
    const text = res.outputs[0]!.text;
    for (const piece of [text.slice(0, 3), text.slice(3)]) {
      await abortableDelay(1, options.signal);
      yield { type: 'delta', text: piece };
    }
    yield { type: 'done', response: res };
  }
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      const e = new Error('aborted');
      e.name = 'AbortError';
      reject(e);
    });
  });
}

const msgs: ChatMessage[] = [{ role: 'user', content: 'q?' }];
const memCache = () => new LmCache({ disk: false });

describe('BaseLM cache', () => {
  it('is off by default for BaseLM subclasses (DummyLM-style)', async () => {
    const lm = new StepLM();
    expect((await lm.call(msgs)).outputs[0]!.text).toBe('reply-1');
    expect((await lm.call(msgs)).outputs[0]!.text).toBe('reply-2');
  });

  it('hits on the same request: cacheHit, zero usage, not counted in usage totals, still in history', async () => {
    const lm = new StepLM({ cache: memCache() });
    const first = await lm.call(msgs, { temperature: 0 });
    const { result: second, usage } = await trackUsage(() => lm.call(msgs, { temperature: 0 }));
    expect(first.cacheHit).toBeUndefined();
    expect(second.outputs).toEqual(first.outputs);
    expect(second.cacheHit).toBe(true);
    expect(second.usage).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    expect(usage.total().totalTokens).toBe(0);
    expect(usage.cacheHits).toBe(1);
    expect(lm.seen).toHaveLength(1);
    expect(lm.history.entries).toHaveLength(2);
    expect(lm.usage.calls).toBe(1);
    expect(lm.usage.cacheHits).toBe(1);
    expect(lm.usage.total().totalTokens).toBe(12);
  });

  it('misses when messages or options differ; signal and timeoutMs are not part of the key', async () => {
    const lm = new StepLM({ cache: memCache() });
    await lm.call(msgs, { temperature: 0 });
    await lm.call(msgs, { temperature: 0.5 });
    await lm.call([{ role: 'user', content: 'other' }], { temperature: 0 });
    expect(lm.seen).toHaveLength(3);
    await lm.call(msgs, { temperature: 0, timeoutMs: 5000, signal: new AbortController().signal });
    expect(lm.seen).toHaveLength(3);
  });

  it('per-call cache: false neither reads nor writes', async () => {
    const lm = new StepLM({ cache: memCache() });
    await lm.call(msgs, { cache: false });
    await lm.call(msgs);
    await lm.call(msgs, { cache: false });
    expect(lm.seen).toHaveLength(3);
    expect((await lm.call(msgs)).cacheHit).toBe(true);
  });

  it('rolloutId: same id hits, a new id misses, undefined equals absent; the provider never sees it (DSPy test_rollout_id_bypasses_cache)', async () => {
    const cache = memCache();
    const lm = new StepLM({ cache });
    await lm.call(msgs, { temperature: 1, rolloutId: 1 });
    expect((await lm.call(msgs, { temperature: 1, rolloutId: 1 })).cacheHit).toBe(true);
    expect((await lm.call(msgs, { temperature: 1, rolloutId: 2 })).cacheHit).toBeUndefined();
    await lm.call(msgs, { temperature: 1 });
    expect((await lm.call(msgs, { temperature: 1, rolloutId: undefined })).cacheHit).toBe(true);
    expect(lm.seen).toHaveLength(3);
    for (const o of lm.seen) {
      expect(o).not.toHaveProperty('rolloutId');
      expect(o).not.toHaveProperty('cache');
      expect(o).not.toHaveProperty('timeoutMs');
    }
  });

  it('warns once when rolloutId is used at temperature 0', async () => {
    const warn = routeWarnings(jest.fn());
    const lm = new StepLM({ cache: memCache() });
    await lm.call(msgs, { temperature: 0, rolloutId: 1 });
    await lm.call(msgs, { temperature: 0, rolloutId: 2 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/rolloutId is set but temperature is 0/);
    warn.mockRestore();
  });

  it('does not cache failures', async () => {
    const lm = new StepLM({ cache: memCache(), retry: false });
    lm.steps = [{ error: () => new LmError('LM_AUTH', 'nope') }];
    await expect(lm.call(msgs)).rejects.toThrow('nope');
    expect((await lm.call(msgs)).cacheHit).toBeUndefined();
  });
});

describe('BaseLM copy', () => {
  it('gets fresh history and usage, overrides defaults, shares the cache', async () => {
    const cache = memCache();
    const lm = new StepLM({ cache, defaults: { temperature: 0, maxTokens: 50 } });
    await lm.call(msgs);
    const copy = lm.copy({ rolloutId: 7, temperature: 1, maxTokens: undefined });
    expect(copy).toBeInstanceOf(StepLM);
    expect(copy.history.entries).toHaveLength(0);
    expect(copy.usage.calls).toBe(0);
    expect(copy.callDefaults).toEqual({ rolloutId: 7, temperature: 1 });
    expect(lm.callDefaults).toEqual({ temperature: 0, maxTokens: 50 });
    await copy.call(msgs);
    expect(copy.seen.at(-1)).toEqual({ temperature: 1 });
    expect(lm.history.entries).toHaveLength(1);
    const again = lm.copy({ rolloutId: 7, temperature: 1, maxTokens: undefined });
    expect((await again.call(msgs)).cacheHit).toBe(true);
  });
});

describe('BaseLM retries, timeouts, cancellation, concurrency', () => {
  it('retries retryable errors and counts one call', async () => {
    const lm = new StepLM();
    lm.steps = [
      { error: () => new LmError('LM_RATE_LIMIT', '429', { retryAfterMs: 5 }) },
      { error: () => new LmError('LM_SERVER', '500') },
      { text: 'finally' },
    ];
    const res = await lm.call(msgs);
    expect(res.outputs[0]!.text).toBe('finally');
    expect(lm.seen).toHaveLength(3);
    expect(lm.usage.calls).toBe(1);
  });

  it('does not retry non-retryable errors, and passes DspyErrors through', async () => {
    const lm = new StepLM();
    lm.steps = [{ error: () => new DspyError('CONFIG_INVALID', 'bad config') }];
    await expect(lm.call(msgs)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    expect(lm.seen).toHaveLength(1);
  });

  it('turns a deadline into LM_TIMEOUT naming the model and the fix', async () => {
    const lm = new StepLM();
    lm.steps = [{ delayMs: 5_000 }];
    const started = Date.now();
    const err = await lm.call(msgs, { timeoutMs: 50 }).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(DspyError.is(err, 'LM_TIMEOUT')).toBe(true);
    expect(err.message).toMatch(/test\/scripted within 50 ms\. Raise `timeoutMs`/);
  });

  it('the deadline covers retries and backoff', async () => {
    const lm = new StepLM({ retry: { maxRetries: 10 } });
    lm.steps = Array.from({ length: 10 }, () => ({
      error: () => new LmError('LM_SERVER', 'down', { retryAfterMs: 40 }),
    }));
    const err = await lm.call(msgs, { timeoutMs: 100 }).catch((e) => e);
    expect(DspyError.is(err, 'LM_TIMEOUT')).toBe(true);
    expect(lm.seen.length).toBeLessThan(5);
  });

  it('turns the caller aborting into LM_ABORTED, before and during the call', async () => {
    const lm = new StepLM();
    const before = new AbortController();
    before.abort();
    await expect(lm.call(msgs, { signal: before.signal })).rejects.toMatchObject({ code: 'LM_ABORTED' });
    lm.steps = [{ delayMs: 5_000 }];
    const during = new AbortController();
    setTimeout(() => during.abort(), 20);
    await expect(lm.call(msgs, { signal: during.signal })).rejects.toMatchObject({ code: 'LM_ABORTED' });
  });

  it('keeps at most maxConcurrency calls in flight, shared with copies', async () => {
    const lm = new StepLM({ maxConcurrency: 3 });
    const copy = lm.copy();
    lm.steps = Array.from({ length: 10 }, () => ({ delayMs: 10 }));
    copy.steps = Array.from({ length: 10 }, () => ({ delayMs: 10 }));
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, lm.active + copy.active)), 1);
    await Promise.all([
      ...Array.from({ length: 10 }, () => lm.call(msgs)),
      ...Array.from({ length: 10 }, () => copy.call(msgs)),
    ]);
    clearInterval(watch);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it('has no limit by default and says so once when a lower limit makes calls wait', async () => {
    expect(new StepLM().maxConcurrency).toBeUndefined();
    const warn = routeWarnings(jest.fn());
    const lm = new StepLM({ maxConcurrency: 2 });
    expect(lm.maxConcurrency).toBe(2);
    lm.steps = Array.from({ length: 6 }, () => ({ delayMs: 5 }));
    await Promise.all(Array.from({ length: 6 }, () => lm.call(msgs)));
    const concurrency = warn.mock.calls.filter((c) => (c[1] as { code?: string })?.code === 'DSPY_TS_CONCURRENCY');
    expect(concurrency).toHaveLength(1);
    expect(String(concurrency[0]![0])).toMatch(/2 calls are in flight, the LM's maxConcurrency; further calls wait/);
    warn.mockRestore();
  });

  it('warns once when a reply was cut at the token limit', async () => {
    const warn = routeWarnings(jest.fn());
    class CutLM extends StepLM {
      protected override async forward(): Promise<LmResponse> {
        return {
          model: this.model,
          outputs: [{ text: 'half', finishReason: 'length' }],
          usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
        };
      }
    }
    const lm = new CutLM();
    await lm.call(msgs, { maxTokens: 5 });
    await lm.call(msgs, { maxTokens: 5 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/maxTokens = 5.*Raise `maxTokens`/);
    warn.mockRestore();
  });
});

describe('BaseLM stream', () => {
  const collect = async (it: AsyncIterable<LmStreamEvent>) => {
    const events: LmStreamEvent[] = [];
    for await (const e of it) events.push(e);
    return events;
  };

  it('uses forwardStream: deltas then done; records history and caches the result', async () => {
    const lm = new StepLM({ cache: memCache() });
    lm.streaming = true;
    const events = await collect(lm.stream(msgs));
    expect(events.map((e) => (e.type === 'delta' ? e.text : 'done'))).toEqual(['rep', 'ly-1', 'done']);
    expect(lm.history.entries).toHaveLength(1);
    const cached = await collect(lm.stream(msgs));
    expect(cached).toEqual([
      { type: 'delta', text: 'reply-1' },
      { type: 'done', response: expect.objectContaining({ cacheHit: true }) },
    ]);
    expect((await lm.call(msgs)).cacheHit).toBe(true);
  });

  it('falls back to call() when there is no forwardStream', async () => {
    const plain = new StepLM();
    Object.defineProperty(plain, 'forwardStream', { value: undefined });
    const events = await collect(plain.stream(msgs));
    expect(events).toEqual([
      { type: 'delta', text: 'reply-1' },
      { type: 'done', response: expect.objectContaining({ outputs: [{ text: 'reply-1' }] }) },
    ]);
  });

  it('retries a stream that fails before its first delta', async () => {
    const lm = new StepLM();
    lm.streaming = true;
    lm.steps = [{ error: () => new LmError('LM_CONNECTION', 'refused') }];
    const events = await collect(lm.stream(msgs));
    expect(events.at(-1)).toMatchObject({ type: 'done' });
  });

  it('cancels the request when the consumer stops early', async () => {
    const lm = new StepLM();
    lm.streaming = true;
    let signal: AbortSignal | undefined;
    const spy = jest.spyOn(lm as any, 'forward').mockImplementation(async (...args: unknown[]) => {
      signal = (args[1] as LmCallOptions).signal;
      return {
        model: 'm',
        outputs: [{ text: 'abcdef' }],
        usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      };
    });
    for await (const e of lm.stream(msgs)) {
      expect(e.type).toBe('delta');
      break;
    }
    expect(signal?.aborted).toBe(true);
    expect(lm.history.entries).toHaveLength(0);
    spy.mockRestore();
  });

  it('leaves the signal of a stream that completed alone (aborts only on failure or early exit)', async () => {
    const lm = new StepLM();
    lm.streaming = true;
    const signals: AbortSignal[] = [];
    const forward = (lm as any).forward.bind(lm);
    const spy = jest.spyOn(lm as any, 'forward').mockImplementation((...args: unknown[]) => {
      signals.push((args[1] as LmCallOptions).signal!);
      return forward(...args);
    });
    const events = await collect(lm.stream(msgs));
    expect(events.at(-1)).toMatchObject({ type: 'done' });
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(false);
    spy.mockRestore();
  });

  it('times out a slow stream with LM_TIMEOUT', async () => {
    const lm = new StepLM();
    lm.streaming = true;
    lm.steps = [{ delayMs: 5_000 }];
    await expect(collect(lm.stream(msgs, { timeoutMs: 30 }))).rejects.toMatchObject({ code: 'LM_TIMEOUT' });
  });
});

describe('inspectHistory', () => {
  it('prints the last calls to stdout, as DSPy, and returns the same text', async () => {
    class EchoLM extends BaseLM {
      readonly capabilities = {
        jsonSchema: false,
        jsonObject: false,
        nativeTools: false,
        streaming: false,
        images: false,
      };
      constructor() {
        super('echo', { cache: false, retry: false });
      }
      protected async forward(messages: readonly ChatMessage[]): Promise<LmResponse> {
        return {
          model: this.model,
          usage: ZERO_USAGE,
          outputs: [{ text: `echo: ${String(messages.at(-1)?.content)}` }],
        };
      }
    }
    const lm = new EchoLM();
    await lm.call([{ role: 'user', content: 'hello there' }]);
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const text = lm.inspectHistory(1);
      expect(text).toContain('hello there');
      expect(text).toContain('echo: hello there');
      expect(write).toHaveBeenCalledTimes(1);
      expect(String(write.mock.calls[0]![0])).toContain('echo: hello there');
      write.mockClear();
      expect(lm.inspectHistory(1, { print: false })).toBe(text);
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});
