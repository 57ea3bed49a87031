import { ChatAdapter, JSONAdapter, LmCache, Predict, withSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import {
  collect,
  fieldTexts,
  ScriptedStreamLM,
  type StreamEvent,
  streamify,
} from '../../test/helpers/streaming-fixtures';

const ends = (events: readonly StreamEvent[]) =>
  events.flatMap((e) => (e.type === 'field-end' ? [[e.field, e.value]] : []));

describe('streamify with JSONAdapter', () => {
  const answer = { answer: 'He said "hi"\nand left 😀', count: 3, tags: ['a', 'b'] };
  const spec = 'question -> answer, count: int, tags: list[str]';

  it('streams string values as decoded chunks and other values at field end; final equals non-streaming', async () => {
    const predict = new Predict(spec);
    predict.adapter = new JSONAdapter();
    predict.lm = new DummyLM([answer], { adapter: new JSONAdapter(), streamChunkSize: 3 });
    const events = await collect(streamify(predict)({ question: 'q' }));

    const plain = new Predict(spec);
    plain.adapter = new JSONAdapter();
    plain.lm = new DummyLM([answer], { adapter: new JSONAdapter() });
    const expected = await plain.call({ question: 'q' });

    expect(fieldTexts(events)).toEqual({ 'self#1/answer': answer.answer, 'self#1/count': '', 'self#1/tags': '' });
    expect(ends(events)).toEqual([
      ['answer', answer.answer],
      ['count', 3],
      ['tags', ['a', 'b']],
    ]);
    const last = events.at(-1)!;
    expect(last.type === 'prediction' && (last.prediction as typeof expected).toDict()).toEqual(expected.toDict());
  });

  it('follows the adapter set with withSettings', async () => {
    const predict = new Predict(spec);
    predict.lm = new DummyLM([answer], { adapter: new JSONAdapter() });
    const events = await withSettings({ adapter: new JSONAdapter() }, () =>
      collect(streamify(predict)({ question: 'q' })),
    );
    expect(ends(events).map(([f]) => f)).toEqual(['answer', 'count', 'tags']);
  });
});

describe('streamify through an adapter fallback and the LM cache', () => {
  it('falls back to JSONAdapter while nothing was shown (status), then streams the JSON attempt', async () => {
    const replies = ['I cannot follow formats.', '{"answer": "ok"}'];
    const lm = new ScriptedStreamLM({ reply: () => replies.shift()! });
    const predict = new Predict('question -> answer');
    predict.lm = lm;
    predict.adapter = new ChatAdapter();
    // No token events and no field of the chat reply: the consumer saw nothing of the first attempt.
    const events = await collect(streamify(predict, { includeTokens: false })({ question: 'q' }));
    const kinds = events
      .filter((e) => e.type !== 'token' && e.type !== 'field-chunk')
      .map((e) => (e.type === 'status' ? e.message : e.type));
    expect(kinds).toEqual([
      'self: the reply could not be parsed; retrying with JSONAdapter.',
      'field-start',
      'field-end',
      'prediction',
    ]);
    expect(fieldTexts(events)).toEqual({ 'self#1/answer': 'ok' });
  });

  it('never falls back once streamed output was visible (DSPy 3.4.1): the parse error surfaces', async () => {
    const replies = ['I cannot follow formats.', '{"answer": "ok"}'];
    const lm = new ScriptedStreamLM({ reply: () => replies.shift()! });
    const predict = new Predict('question -> answer');
    predict.lm = lm;
    predict.adapter = new ChatAdapter();
    const seen: StreamEvent[] = [];
    const run = async () => {
      for await (const e of streamify(predict)({ question: 'q' })) seen.push(e);
    };
    await expect(run()).rejects.toMatchObject({ code: 'ADAPTER_PARSE', adapterName: 'ChatAdapter' });
    expect(seen.some((e) => e.type === 'token')).toBe(true);
    expect(replies).toEqual(['{"answer": "ok"}']); // the JSON attempt was never made
  });

  it('streams a cache hit (one delta) to the same field events as the first, live call', async () => {
    const cache = new LmCache({ disk: false });
    const reply = '[[ ## answer ## ]]\nA fairly long answer, streamed in many pieces.\n\n[[ ## completed ## ]]';
    const lm = new ScriptedStreamLM({ reply: () => reply, cache, maxChunk: 3 });
    const predict = new Predict('question -> answer');
    predict.lm = lm;
    const stream = streamify(predict);
    const live = await collect(stream({ question: 'q' }));
    const cached = await collect(stream({ question: 'q' }));
    expect(live.filter((e) => e.type === 'token').length).toBeGreaterThan(10);
    expect(cached.filter((e) => e.type === 'token')).toHaveLength(1);
    expect(lm.history.entries.at(-1)!.response.cacheHit).toBe(true);
    expect(fieldTexts(cached)).toEqual(fieldTexts(live));
    expect(ends(cached)).toEqual(ends(live));
  });
});
