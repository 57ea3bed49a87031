import { Predict, TwoStepAdapter, withSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { collect, streamify, tokenText } from '../../test/helpers/streaming-fixtures';

describe('TwoStepAdapter with DummyLM', () => {
  it('streams the main LM tokens (free text, no field events), then the extracted prediction', async () => {
    const extraction = new DummyLM([{ answer: '42' }], { streamChunkSize: 2 });
    const adapter = new TwoStepAdapter(extraction);
    const main = new DummyLM([{ thoughts: 'six sevens are 42' }], { adapter, streamChunkSize: 4 });
    const predict = new Predict('question -> answer: int');
    predict.lm = main;
    const events = await withSettings({ adapter }, () => collect(streamify(predict)({ question: '6 * 7?' })));
    expect(tokenText(events)).toBe('thoughts: six sevens are 42');
    expect(events.some((e) => e.type.startsWith('field-') || e.type === 'status')).toBe(false);
    const last = events.at(-1)!;
    expect(last.type === 'prediction' && (last.prediction as { answer: number }).answer).toBe(42);
    expect(extraction.history.entries[0]!.messages.at(-1)!.content).toContain(
      '[[ ## text ## ]]\nthoughts: six sevens are 42',
    );
  });
});
