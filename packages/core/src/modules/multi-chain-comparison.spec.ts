import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChainOfThought,
  type ChatMessage,
  InputField,
  OutputField,
  Prediction,
  Signature,
  withSettings,
} from '@dspy-ts/core';
import { MultiChainComparison } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';

// Golden from real Python DSPy 3.4.1 (scripts/dspy-goldens-modules.py).
const golden = JSON.parse(
  readFileSync(join(__dirname, '../../test/fixtures/modules/multi-chain-comparison.golden.json'), 'utf8'),
);

@Signature('Answer questions with short factoid answers.')
class BasicQA {
  @InputField() question!: string;
  @OutputField({ desc: 'often between 1 and 5 words' }) answer!: string;
}

const messagesOf = (lm: DummyLM) =>
  lm.history.entries.map((e) => e.messages.map((m: ChatMessage) => ({ role: m.role, content: m.content })));

describe('MultiChainComparison', () => {
  it('formats the attempts and the comparison prompt as DSPy (tests/predict/test_multi_chain_comparison.py)', async () => {
    const compare = new MultiChainComparison(BasicQA);
    const lm = new DummyLM([{ rationale: 'my rationale', answer: 'blue' }]);
    const completions = (golden.completions as Record<string, unknown>[]).map((c) => new Prediction(c));
    const p = await withSettings({ lm }, () =>
      compare.call({ completions, question: 'What is the color of the sky?' }),
    );
    expect(p.rationale).toBe('my rationale');
    expect(p.answer).toBe('blue');
    expect(messagesOf(lm)).toEqual(golden.calls);
    expect(compare.predict.dumpState()).toEqual(golden.state);
    expect(compare.predict.config.temperature).toBe(0.7);
  });

  it('takes the completions of a multi-sample prediction', async () => {
    const lm = new DummyLM([
      { reasoning: 'r1', answer: 'a1' },
      { reasoning: 'r2', answer: 'a2' },
      { reasoning: 'r3', answer: 'a3' },
      { rationale: 'compared', answer: 'a2' },
    ]);
    const attempts = await withSettings({ lm }, () => new ChainOfThought(BasicQA, { n: 3 }).call({ question: 'q' }));
    const p = await withSettings({ lm }, () =>
      new MultiChainComparison(BasicQA).call({ completions: attempts, question: 'q' }),
    );
    expect(p.answer).toBe('a2');
    const last = String(lm.history.entries.at(-1)!.messages.at(-1)!.content);
    expect(last).toContain("«I'm trying to r2 I'm not sure but my prediction is a2»");
  });

  it('requires exactly M attempts, with DSPy’s message', async () => {
    const compare = new MultiChainComparison(BasicQA, { M: 2, temperature: 0.2, config: { maxTokens: 50 } });
    expect(compare.predict.config).toEqual({ maxTokens: 50, temperature: 0.2 });
    expect(compare.predict.signature.inputFields.map((f) => f.name)).toEqual([
      'question',
      'reasoning_attempt_1',
      'reasoning_attempt_2',
    ]);
    await expect(compare.call({ completions: [{ rationale: 'x', answer: 'y' }], question: 'q' })).rejects.toThrow(
      "The number of attempts (1) doesn't match the expected number M (2). Please set the correct value for M when initializing MultiChainComparison.",
    );
  });
});
