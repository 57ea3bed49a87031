import { messageText } from '@dspy-ts/core/provider-kit';
import { ChainOfThought, JSONAdapter, Predict, XMLAdapter, withSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { collect, fieldTexts, streamify } from '../../test/helpers/streaming-fixtures';

// XMLAdapter end to end with DummyLM (which writes its answers in the adapter's format).
describe('XMLAdapter with Predict and streamify', () => {
  it('Predict parses typed XML replies; the prompt asks for XML tags', async () => {
    const adapter = new XMLAdapter();
    const lm = new DummyLM([{ answer: 'Tom and Jerry', score: 3, tags: ['cat', 'mouse'] }], { adapter });
    const p = await withSettings({ lm, adapter }, () =>
      new Predict('question -> answer, score: int, tags: list[str]').call({ question: 'Who?' }),
    );
    expect({ answer: p.answer, score: p.score, tags: p.tags }).toEqual({
      answer: 'Tom and Jerry',
      score: 3,
      tags: ['cat', 'mouse'],
    });
    const [system, user] = lm.history.entries[0]!.messages;
    expect(messageText(system!)).toContain('<tags><item>...</item></tags>');
    expect(messageText(user!)).toContain('wrapped in XML tags `<answer>`, then `<score>`, then `<tags>`');
  });

  it('a reply without the XML fields falls back to JSONAdapter (as ChatAdapter does)', async () => {
    // DummyLM writes both answers as JSON: the XML parse finds no <answer>, the JSON retry does.
    const lm = new DummyLM([{ answer: 'Tom & Jerry' }, { answer: 'Tom & Jerry' }], { adapter: new JSONAdapter() });
    const p = await withSettings({ lm, adapter: new XMLAdapter() }, () =>
      new Predict('question -> answer').call({ question: 'Who?' }),
    );
    expect(p.answer).toBe('Tom & Jerry');
    expect(lm.history.entries).toHaveLength(2);
  });

  it('streamify yields XML field events whose chunks equal the final outputs', async () => {
    const adapter = new XMLAdapter();
    const reply = { reasoning: 'Cats chase mice and win.', answer: 'The cat' };
    const cot = new ChainOfThought('question -> answer');
    cot.setLm(new DummyLM([reply], { adapter, streamChunkSize: 3 }));
    const events = await withSettings({ adapter }, () => collect(streamify(cot)({ question: 'Who wins?' })));
    expect(fieldTexts(events)).toEqual({
      'predict#1/reasoning': reply.reasoning,
      'predict#1/answer': reply.answer,
    });
    const ends = events.filter((e) => e.type === 'field-end');
    expect(ends.map((e) => e.type === 'field-end' && e.value)).toEqual([reply.reasoning, reply.answer]);
    const last = events.at(-1)!;
    expect(last.type === 'prediction' && (last.prediction as { answer: string }).answer).toBe(reply.answer);
  });
});
