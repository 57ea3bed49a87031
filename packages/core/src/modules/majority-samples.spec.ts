import { ChainOfThought, majority, Predict, withSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';

describe('majority over DummyLM samples', () => {
  it('votes on the last output field of n completions, normalized; ties go to the earliest', async () => {
    const lm = new DummyLM([
      { reasoning: 'a', answer: 'Paris.' },
      { reasoning: 'b', answer: 'Lyon' },
      { reasoning: 'c', answer: 'paris' },
      { reasoning: 'd', answer: 'Lyon' },
      { reasoning: 'e', answer: 'The Paris' },
    ]);
    const samples = await withSettings({ lm }, () =>
      new ChainOfThought('question -> answer', { n: 5 }).call({ question: 'Capital of France?' }),
    );
    expect(samples.completions.length).toBe(5);
    const voted = majority(samples);
    expect(voted.answer).toBe('Paris.');
    expect(voted.reasoning).toBe('a');
    expect(voted.completions.length).toBe(1);
  });

  it('votes on a chosen field and on raw values when normalize is null', async () => {
    const lm = new DummyLM([
      { label: 'x', answer: 'A' },
      { label: 'y', answer: 'a' },
      { label: 'y', answer: 'a' },
    ]);
    const samples = await withSettings({ lm }, () =>
      new Predict('question -> label, answer', { n: 3 }).call({ question: 'q' }),
    );
    expect(majority(samples, { field: 'label' }).label).toBe('y');
    expect(majority(samples, { normalize: null }).answer).toBe('a');
  });
});
