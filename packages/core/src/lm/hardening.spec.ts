// Issue 14: one shared signal under many concurrent calls (no MaxListenersExceededWarning),
// attempt timeouts that are retried, and a history bounded by bytes as well as count.
import { getEventListeners } from 'node:events';
import { Evaluate } from '../evaluate/evaluate';
import { Predict } from '../modules/predict';
import { Example } from '../primitives/example';
import { BaseLM, type BaseLMOptions } from './base-lm';
import { LmCallLog } from './call-log';
import { ZERO_USAGE, type LmCallOptions, type LmResponse } from './language-model';
import type { ChatMessage } from './messages';

/** Answers `[[ ## answer ## ]]` after `delayMs`, honouring the signal like a real HTTP client. */
class SlowLM extends BaseLM {
  readonly capabilities = { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: false, images: false };
  hangFirst = 0;
  attempts = 0;
  /** Most `abort` listeners seen on a signal handed to `call` (a row's, shared by its calls). */
  peakListeners = 0;
  constructor(
    private readonly delayMs: number,
    options: BaseLMOptions = {},
  ) {
    super('slow', { retry: { initialDelayMs: 1 }, defaults: { timeoutMs: 60_000 }, ...options });
  }
  override async call(messages: readonly ChatMessage[], options: LmCallOptions = {}): Promise<LmResponse> {
    const seen = options.signal;
    const probe = seen ? setInterval(() => this.peek(seen), 1) : undefined;
    try {
      return await super.call(messages, options);
    } finally {
      clearInterval(probe);
    }
  }
  private peek(signal: AbortSignal): void {
    this.peakListeners = Math.max(this.peakListeners, getEventListeners(signal, 'abort').length);
  }
  protected async forward(_messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    this.attempts++;
    const hang = this.hangFirst-- > 0;
    await new Promise<void>((resolve, reject) => {
      const t = hang ? undefined : setTimeout(resolve, this.delayMs);
      // One listener on the attempt's own signal, the way fetch adds one.
      options.signal?.addEventListener('abort', () => {
        clearTimeout(t);
        reject(options.signal!.reason);
      });
    });
    return {
      model: this.model,
      usage: ZERO_USAGE,
      outputs: [{ text: '[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]' }],
    };
  }
}

describe('a shared abort signal under many concurrent calls', () => {
  it('Evaluate at concurrency 32 adds one listener to the caller signal and prints no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const lm = new SlowLM(20);
    const program = new Predict('question -> answer');
    program.lm = lm;
    const devset = Array.from({ length: 64 }, (_, i) =>
      new Example({ question: `q${i}`, answer: '4' }).withInputs('question'),
    );
    const shared = new AbortController();
    let peak = 0;
    const probe = setInterval(() => (peak = Math.max(peak, getEventListeners(shared.signal, 'abort').length)), 2);
    try {
      const result = await new Evaluate({
        devset,
        metric: (ex, pred) => ex.answer === pred.answer,
        concurrency: 32,
        progress: false,
      }).run(program, { signal: shared.signal });
      expect(result.score).toBe(100);
      // Let a pending warning (emitted on the next tick) arrive.
      await new Promise((r) => setImmediate(r));
    } finally {
      clearInterval(probe);
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(peak).toBeLessThanOrEqual(1);
    // Evaluate hands every row the same run signal: the calls in flight share one listener on it.
    expect(lm.peakListeners).toBeLessThanOrEqual(2);
  });

  it('32 direct calls sharing one signal still all abort when it fires', async () => {
    const lm = new SlowLM(10_000);
    const shared = new AbortController();
    const calls = Array.from({ length: 32 }, (_, i) =>
      lm.call([{ role: 'user', content: String(i) }], { signal: shared.signal }).catch((e) => e),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(getEventListeners(shared.signal, 'abort').length).toBe(1);
    shared.abort();
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e.code === 'LM_ABORTED')).toBe(true);
    expect(getEventListeners(shared.signal, 'abort').length).toBe(0);
  });
});

describe('attempt timeouts', () => {
  it('a hung attempt is cancelled after attemptTimeoutMs and retried; the call succeeds', async () => {
    const lm = new SlowLM(5, { retry: { initialDelayMs: 1, attemptTimeoutMs: 50 } });
    lm.hangFirst = 2;
    const started = Date.now();
    const res = await lm.call([{ role: 'user', content: 'hi' }], { timeoutMs: 5_000 });
    expect(res.outputs[0]!.text).toContain('4');
    expect(lm.attempts).toBe(3);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('the call deadline is never retried', async () => {
    const lm = new SlowLM(5, { retry: { initialDelayMs: 1, attemptTimeoutMs: 10_000 } });
    lm.hangFirst = 99;
    await expect(lm.call([{ role: 'user', content: 'hi' }], { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'LM_TIMEOUT',
    });
    expect(lm.attempts).toBe(1);
  });
});

describe('LmCallLog bounded by bytes', () => {
  const entry = (text: string) => ({
    model: 'm',
    messages: [{ role: 'user' as const, content: text }],
    options: {},
    response: { model: 'm', usage: ZERO_USAGE, outputs: [{ text: 'ok' }] },
    timestamp: '',
    durationMs: 0,
  });

  it('drops the oldest entries once maxBytes is passed, whatever the count', () => {
    const h = new LmCallLog({ maxEntries: 10_000, maxBytes: 1_000_000 });
    for (let i = 0; i < 100; i++) h.push(entry('x'.repeat(100_000)));
    expect(h.sizeBytes).toBeLessThanOrEqual(1_000_000);
    expect(h.entries.length).toBeLessThan(10);
    expect(h.entries.length).toBeGreaterThan(0);
  });

  it('an LM keeps its history under maxHistoryBytes (default 64 MiB) and copies keep the limits', async () => {
    const lm = new SlowLM(0, { maxHistoryBytes: 500_000 });
    for (let i = 0; i < 50; i++) await lm.call([{ role: 'user', content: `${i} ${'y'.repeat(50_000)}` }]);
    expect(lm.history.sizeBytes).toBeLessThanOrEqual(500_000);
    expect(lm.history.entries.length).toBeLessThan(10);
    expect(lm.copy().history.limits.maxBytes).toBe(500_000);
    expect(new SlowLM(0).history.limits.maxBytes).toBe(64 * 1024 * 1024);
  });
});
