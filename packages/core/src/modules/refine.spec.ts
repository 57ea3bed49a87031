import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChainOfThought,
  ChatAdapter,
  type ChatMessage,
  type LmCallOptions,
  Predict,
  type Prediction,
  Program,
  type TraceEntry,
  withSettings,
} from '@dspy-ts/core';
import { Refine } from '@dspy-ts/core';
import { OFFER_FEEDBACK } from '@dspy-ts/core/provider-kit';
import { inspectModules } from '../modules/refine-feedback';
import { DummyLM, routeWarnings } from '@dspy-ts/testing';

// Golden from real Python DSPy 3.4.1 (scripts/dspy-goldens-modules.py).
const golden = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/modules/refine.golden.json'), 'utf8'));

type QAIn = { question: string };

/** The golden's program: `rewrite` then `answer` (ChainOfThought). */
class QA extends Program<QAIn> {
  readonly rewrite = new Predict('question -> query');
  readonly answer = new ChainOfThought('question, query -> answer');
  async forward({ question }: QAIn) {
    const { query } = await this.rewrite.call({ question });
    return this.answer.call({ question, query: query as string });
  }
}

/** DummyLM whose copies all log into one list (copies share the array). */
class RecordingLM extends DummyLM {
  readonly calls: { messages: ChatMessage[]; options: LmCallOptions }[] = [];
  protected override forward(messages: readonly ChatMessage[], options: LmCallOptions) {
    this.calls.push({ messages: messages.map((m) => ({ role: m.role, content: m.content })), options });
    return super.forward(messages, options);
  }
}

class DummyModule extends Program<QAIn> {
  readonly predictor = new Predict('question -> answer');
  constructor(
    private readonly forwardFn: (self: DummyModule, inputs: QAIn) => Promise<Prediction<{ answer: string }>>,
  ) {
    super();
  }
  forward(inputs: QAIn) {
    return this.forwardFn(this, inputs);
  }
}

describe('Refine matches DSPy 3.4.1 (golden)', () => {
  let warn: jest.Mock;
  beforeEach(() => (warn = routeWarnings(jest.fn())));
  afterEach(() => warn.mockRestore());

  it('describes the modules and the OfferFeedback task as DSPy', () => {
    expect(inspectModules(new QA().namedPredictors())).toBe(golden.inspect_modules);
    expect(new ChatAdapter().formatSystemMessage(OFFER_FEEDBACK)).toBe(golden.offer_feedback_system);
  });

  it('asks for feedback after a failed attempt and shows each predictor its advice as hint_', async () => {
    const lm = new RecordingLM({
      '[[ ## hint_ ## ]]\nUse the query.': { reasoning: 'r2', answer: 'Brussels' },
      '[[ ## hint_ ## ]]\nN/A': { query: 'Belgium capital' },
      '[[ ## module_names ## ]]': {
        discussion: 'The answer was verbose.',
        advice: { 'answer.predict': 'Use the query.', rewrite: 'N/A' },
      },
      '[[ ## query ## ]]\nBelgium capital': { reasoning: 'r1', answer: 'City of Brussels' },
      '[[ ## question ## ]]': { query: 'Belgium capital' },
    });
    const refine = new Refine(new QA(), {
      N: 3,
      threshold: 1,
      rewardFn: (_, p) => (p.answer === 'Brussels' ? 1 : 0),
      // Python and TypeScript sources differ: both sides use these stand-ins.
      moduleCode: 'MODULE CODE',
      rewardFnCode: 'REWARD CODE',
    });
    const trace: TraceEntry[] = [];
    const p = await withSettings({ lm, trace }, () => refine.call({ question: 'What is the capital of Belgium?' }));

    expect(lm.calls.map((c) => c.messages)).toEqual(golden.calls);
    expect({ reasoning: p.reasoning, answer: p.answer }).toEqual(golden.outputs);
    // Attempts sample at temperature 1.0 with rollout ids 0 and 1; the feedback call uses the LM as configured.
    expect(lm.calls.map((c) => c.options.temperature)).toEqual([1, 1, 0, 1, 1]);
    // DSPy also appends the feedback call to the caller's trace (3 entries); here only the winning attempt's steps.
    expect(golden.outer_trace_length).toBe(3);
    expect(trace.map((t) => t.outputs.answer ?? t.outputs.query)).toEqual(['Belgium capital', 'Brussels']);
    expect(refine.module.rewrite.adapter).toBeUndefined();
  });
});

describe('Refine (DSPy tests/predict/test_refine.py)', () => {
  let warn: jest.Mock;
  beforeEach(() => (warn = routeWarnings(jest.fn())));
  afterEach(() => warn.mockRestore());
  const brussels = () => new DummyLM([{ answer: 'Brussels' }, { answer: 'City of Brussels' }, { answer: 'Brussels' }]);
  const question = { question: 'What is the capital of Belgium?' };

  it('runs N attempts when none reaches the threshold (feedback failures count as failed attempts)', async () => {
    let moduleCalls = 0;
    const module = new DummyModule(
      (self, inputs) => (moduleCalls++, self.predictor.call(inputs) as Promise<Prediction<{ answer: string }>>),
    );
    const refine = new Refine(module, { N: 3, threshold: 1, rewardFn: (_, p) => (p.answer.length === 1 ? 1 : 0) });
    const result = await withSettings({ lm: brussels() }, () => refine.call(question));
    expect(result.answer).toBe('Brussels');
    expect(moduleCalls).toBe(3);
  });

  it('rethrows after N failures by default, and once a custom failCount is spent', async () => {
    const failing = new DummyModule(async () => {
      throw new Error('Deliberately failing');
    });
    await expect(
      withSettings({ lm: brussels() }, () =>
        new Refine(failing, { N: 3, threshold: 0, rewardFn: () => 1 }).call(question),
      ),
    ).rejects.toThrow('Deliberately failing');

    let calls = 0;
    const flaky = new DummyModule(async (self, inputs) => {
      if (calls < 2) {
        calls++;
        throw new Error('Deliberately failing');
      }
      return self.predictor.call(inputs) as Promise<Prediction<{ answer: string }>>;
    });
    const refine = new Refine(flaky, { N: 3, threshold: 0, rewardFn: () => 1, failCount: 1 });
    await expect(withSettings({ lm: brussels() }, () => refine.call(question))).rejects.toThrow('Deliberately failing');
    expect(calls).toBe(2);
  });

  it('defaults the program and reward code shown to the feedback model to their source text', () => {
    const reward = (_: QAIn, p: { answer: string }) => (p.answer ? 1 : 0);
    const refine = new Refine(new QA(), { N: 2, rewardFn: reward });
    expect(refine.moduleCode).toContain('class QA');
    expect(refine.rewardFnCode).toContain('p.answer');
  });
});
