import { JSONAdapter } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { runQuickstart } from '../src/quickstart';

describe('quickstart', () => {
  it('runs the class and string signatures end to end (scripted LM)', async () => {
    const lm = new DummyLM(
      [
        { label: 'negative', confidence: 0.9 },
        { label: 'positive', confidence: 0.95 },
        { label: 'neutral', confidence: 0.6 },
        { reasoning: '7 * 6 = 42', answer: 42 },
      ],
      { adapter: new JSONAdapter() },
    );
    const lines: string[] = [];
    await runQuickstart(lm, (l) => lines.push(l));
    const out = lines.join('\n');
    expect(out).toContain('Your input fields are:\n    1. `review` (str): a product review');
    expect(out).toContain('label=negative confidence=0.9');
    expect(out).toContain('label=neutral confidence=0.6');
    expect(out).toContain('answer: 42 (a number: true)');
  });
});
