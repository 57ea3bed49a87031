import { DspyError, Predict, type Prediction, Program, type TraceEntry, withSettings } from '@dspy-ts/core';
import { BestOfN } from '@dspy-ts/core';
import { DummyLM, routeWarnings } from '@dspy-ts/testing';

type QA = { question: string };

/** DSPy's test DummyModule: one predictor and a swappable forward. */
class DummyModule extends Program<QA> {
  readonly predictor = new Predict('question -> answer');
  constructor(private readonly forwardFn: (self: DummyModule, inputs: QA) => Promise<Prediction<{ answer: string }>>) {
    super();
  }
  forward(inputs: QA) {
    return this.forwardFn(this, inputs);
  }
}

const brussels = () => new DummyLM([{ answer: 'Brussels' }, { answer: 'City of Brussels' }, { answer: 'Brussels' }]);
const question = { question: 'What is the capital of Belgium?' };

/** Keeps every copy the rollouts make, to look at their settings and history. */
function trackCopies(lm: DummyLM): DummyLM[] {
  const copies: DummyLM[] = [];
  const copy = lm.copy.bind(lm);
  lm.copy = ((o) => {
    const c = copy(o);
    copies.push(c);
    return c;
  }) as DummyLM['copy'];
  return copies;
}

describe('BestOfN (DSPy tests/predict/test_best_of_n.py)', () => {
  let warn: jest.Mock;
  beforeEach(() => (warn = routeWarnings(jest.fn())));
  afterEach(() => warn.mockRestore());

  it('runs all N attempts when none reaches the threshold and returns the first best', async () => {
    let moduleCalls = 0;
    let rewardCalls = 0;
    const module = new DummyModule(
      (self, inputs) => (moduleCalls++, self.predictor.call(inputs) as Promise<Prediction<{ answer: string }>>),
    );
    const best = new BestOfN(module, {
      N: 3,
      threshold: 1,
      rewardFn: (_, p) => (rewardCalls++, p.answer.length === 1 ? 1 : 0),
    });
    const lm = brussels();
    const result = await withSettings({ lm }, () => best.call(question));
    expect(result.answer).toBe('Brussels');
    expect(rewardCalls).toBe(3);
    expect(moduleCalls).toBe(3);
  });

  it('rethrows after N failures by default', async () => {
    const module = new DummyModule(async () => {
      throw new Error('Deliberately failing');
    });
    const best = new BestOfN(module, { N: 3, threshold: 0, rewardFn: () => 1 });
    await expect(withSettings({ lm: brussels() }, () => best.call(question))).rejects.toThrow('Deliberately failing');
    expect(warn).toHaveBeenCalledTimes(3);
  });

  it('rethrows once a custom failCount is spent', async () => {
    let calls = 0;
    const module = new DummyModule(async (self, inputs) => {
      if (calls < 2) {
        calls++;
        throw new Error('Deliberately failing');
      }
      return self.predictor.call(inputs) as Promise<Prediction<{ answer: string }>>;
    });
    const best = new BestOfN(module, { N: 3, threshold: 0, rewardFn: () => 1, failCount: 1 });
    await expect(withSettings({ lm: brussels() }, () => best.call(question))).rejects.toThrow('Deliberately failing');
    expect(calls).toBe(2);
  });
});

describe('BestOfN rollouts', () => {
  const plain = () =>
    new DummyModule((self, inputs) => self.predictor.call(inputs) as Promise<Prediction<{ answer: string }>>);

  it('samples each attempt from an LM copy at temperature 1.0 with the next rolloutId, leaving the module alone', async () => {
    const lm = brussels();
    const copies = trackCopies(lm);
    const module = plain();
    await withSettings({ lm }, () => new BestOfN(module, { N: 3, threshold: 2, rewardFn: () => 0 }).call(question));
    expect(copies.map((c) => c.callDefaults)).toEqual(
      [0, 1, 2].map((rolloutId) => ({ temperature: 1, maxTokens: 1000, rolloutId })),
    );
    expect(copies.map((c) => c.history.entries[0]!.options.rolloutId)).toEqual([0, 1, 2]);
    expect(module.predictor.lm).toBeUndefined();
  });

  it('starts from the LM’s own rolloutId and uses the module’s LM when it has one', async () => {
    const lm = brussels().copy({ rolloutId: 5 });
    const copies = trackCopies(lm);
    const module = plain();
    module.setLm(lm);
    await new BestOfN(module, { N: 2, threshold: 2, rewardFn: () => 0 }).call(question);
    expect(copies.map((c) => c.callDefaults.rolloutId)).toEqual([5, 6]);
  });

  it('stops at the first attempt reaching the threshold; awaits async rewards', async () => {
    const lm = new DummyLM([{ answer: 'City of Brussels' }, { answer: 'Brussels' }, { answer: 'never' }]);
    const result = await withSettings({ lm }, () =>
      new BestOfN(plain(), { N: 3, threshold: 1, rewardFn: async (_, p) => (p.answer === 'Brussels' ? 1 : 0) }).call(
        question,
      ),
    );
    expect(result.answer).toBe('Brussels');
    expect(lm.history.entries).toHaveLength(0); // calls went to the copies
  });

  it('adds only the winning attempt’s trace to the caller’s', async () => {
    const trace: TraceEntry[] = [];
    const lm = new DummyLM([{ answer: 'a' }, { answer: 'bb' }, { answer: 'c' }]);
    await withSettings({ lm, trace }, () =>
      new BestOfN(plain(), { N: 3, threshold: 5, rewardFn: (_, p) => p.answer.length }).call(question),
    );
    expect(trace).toHaveLength(1);
    expect(trace[0]!.outputs.answer).toBe('bb');
  });

  it('throws when every attempt failed within a generous failCount (DSPy would return None)', async () => {
    const module = new DummyModule(async () => {
      throw new Error('nope');
    });
    const warn = routeWarnings(jest.fn());
    const err = await withSettings({ lm: brussels() }, () =>
      new BestOfN(module, { N: 2, threshold: 0, rewardFn: () => 1, failCount: 5 }).call(question),
    ).catch((e: unknown) => e);
    warn.mockRestore();
    expect(DspyError.is(err, 'EXECUTION_CANCELLED')).toBe(true);
    expect((err as Error).cause).toEqual(new Error('nope'));
  });
});
