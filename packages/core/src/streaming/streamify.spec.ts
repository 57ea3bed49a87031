import { ChainOfThought, DspyError, Module, Predict, Program } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import {
  collect,
  emitStatus,
  fieldTexts,
  type StreamEvent,
  streamify,
  tokenText,
} from '../../test/helpers/streaming-fixtures';

function fieldEvents(events: readonly StreamEvent[]): StreamEvent[] {
  return events.filter((e) => e.type !== 'token' && e.type !== 'field-chunk');
}

@Module()
class RewriteThenAnswer extends Program<{ question: string }> {
  readonly rewrite = new Predict('question -> query');
  readonly answer = new ChainOfThought('question, query -> answer');

  async forward({ question }: { question: string }) {
    emitStatus('Rewriting the question...');
    const { query } = await this.rewrite.call({ question });
    return this.answer.call({ question, query });
  }
}

const answers = () =>
  new DummyLM(
    {
      'question ## ]]\nWhere is Paris?\n\nRespond': { query: 'Paris location' },
      'query ## ]]\nParis location': { reasoning: 'Paris is in France.', answer: 'France' },
    },
    { streamChunkSize: 3 },
  );

function twoStep(): RewriteThenAnswer {
  const program = new RewriteThenAnswer();
  program.setLm(answers());
  return program;
}

describe('DummyLM.stream', () => {
  it('yields its reply in streamChunkSize deltas, never splitting a surrogate pair, then done', async () => {
    const lm = new DummyLM([{ answer: 'a😀b😀' }], { streamChunkSize: 2 });
    const deltas: string[] = [];
    let done = 0;
    for await (const ev of lm.stream([{ role: 'user', content: 'q' }])) {
      if (ev.type === 'delta') deltas.push(ev.text);
      else done++;
    }
    expect(deltas.join('')).toBe('[[ ## answer ## ]]\na😀b😀');
    expect(deltas.every((d) => !/[\ud800-\udbff]$/.test(d))).toBe(true);
    expect(done).toBe(1);
    expect(lm.history.entries).toHaveLength(1);
  });
});

describe('streamify(Predict) with a streaming DummyLM', () => {
  it('yields tokens, field start/chunks/end, then the prediction, equal to the non-streaming result', async () => {
    const reply = { answer: 'Paris is the capital.\nIt is on the Seine.' };
    const predict = new Predict('question -> answer');
    predict.lm = new DummyLM([reply], { streamChunkSize: 2 });
    const events = await collect(streamify(predict)({ question: 'Capital of France?' }));

    const plain = new Predict('question -> answer');
    plain.lm = new DummyLM([reply]);
    const expected = await plain.call({ question: 'Capital of France?' });

    expect(tokenText(events)).toBe((predict.lm as DummyLM).getConvo(-1).outputs[0]);
    expect(events.filter((e) => e.type === 'token').length).toBeGreaterThan(10);
    expect(fieldEvents(events)).toEqual([
      { type: 'field-start', predictor: 'self', callId: 1, field: 'answer' },
      { type: 'field-end', predictor: 'self', callId: 1, field: 'answer', value: reply.answer },
      { type: 'prediction', prediction: expect.anything() },
    ]);
    expect(fieldTexts(events)).toEqual({ 'self#1/answer': reply.answer });
    const last = events.at(-1) as Extract<StreamEvent, { type: 'prediction' }>;
    expect((last.prediction as typeof expected).toDict()).toEqual(expected.toDict());
    // Same prompt as the plain call: streaming changes the transport only.
    expect((predict.lm as DummyLM).getConvo(-1).messages).toEqual((plain.lm as DummyLM).getConvo(-1).messages);
  });

  it('streams ChainOfThought: reasoning, then answer, under the inner predictor name', async () => {
    const cot = new ChainOfThought('question -> answer');
    cot.setLm(new DummyLM([{ reasoning: 'Six sevens.', answer: '42' }]));
    const events = await collect(streamify(cot)({ question: 'What is 6 * 7?' }));
    expect(
      fieldEvents(events).map((e) =>
        e.type === 'field-start' || e.type === 'field-end' ? `${e.type}:${e.predictor}:${e.field}` : e.type,
      ),
    ).toEqual([
      'field-start:predict:reasoning',
      'field-end:predict:reasoning',
      'field-start:predict:answer',
      'field-end:predict:answer',
      'prediction',
    ]);
    expect(fieldTexts(events)).toEqual({ 'predict#1/reasoning': 'Six sevens.', 'predict#1/answer': '42' });
  });

  it('streams a two-predictor program with namedPredictors() paths, call ids and status messages', async () => {
    const events = await collect(streamify(twoStep())({ question: 'Where is Paris?' }));
    expect(events[0]).toEqual({ type: 'status', message: 'Rewriting the question...' });
    expect(fieldTexts(events)).toEqual({
      'rewrite#1/query': 'Paris location',
      'answer.predict#2/reasoning': 'Paris is in France.',
      'answer.predict#2/answer': 'France',
    });
    const last = events.at(-1)!;
    expect(last.type === 'prediction' && (last.prediction as { answer: string }).answer).toBe('France');
    const expected = await twoStep().call({ question: 'Where is Paris?' });
    expect(last.type === 'prediction' && (last.prediction as typeof expected).toDict()).toEqual(expected.toDict());
  });

  it('selects predictors and fields, and drops tokens on request', async () => {
    const program = twoStep();
    const events = await collect(
      streamify(program, { predictors: ['answer.predict'], fields: ['answer'], includeTokens: false })({
        question: 'Where is Paris?',
      }),
    );
    expect(events.some((e) => e.type === 'token')).toBe(false);
    expect(fieldTexts(events)).toEqual({ 'answer.predict#1/answer': 'France' });
    const byInstance = await collect(
      streamify(program, { predictors: [program.rewrite] })({ question: 'Where is Paris?' }),
    );
    expect(Object.keys(fieldTexts(byInstance))).toEqual(['rewrite#1/query']);
    expect(tokenText(byInstance, 'answer.predict')).toBe('');
  });

  it('rejects an unknown predictor name at streamify() time, listing the real ones', () => {
    expect(() => streamify(twoStep(), { predictors: ['answer'] })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining("Its predictors are: 'rewrite', 'answer.predict'"),
      }),
    );
  });

  it('fires statusMessages hooks around each predictor call', async () => {
    const stream = streamify(twoStep(), {
      includeTokens: false,
      statusMessages: {
        predictorStart: (p) => `start ${p}`,
        predictorEnd: (p, out) => `end ${p}: ${Object.keys(out).join(',')}`,
      },
    });
    const statuses = (await collect(stream({ question: 'Where is Paris?' }))).flatMap((e) =>
      e.type === 'status' ? [e.message] : [],
    );
    expect(statuses).toEqual([
      'Rewriting the question...',
      'start rewrite',
      'end rewrite: query',
      'start answer.predict',
      'end answer.predict: reasoning,answer',
    ]);
  });

  it('is reusable: the same streamified program streams every call (DSPy #8425)', async () => {
    const predict = new Predict('question -> answer');
    predict.lm = new DummyLM([{ answer: 'one' }, { answer: 'two' }, { answer: 'three' }]);
    const stream = streamify(predict);
    const texts: Record<string, string>[] = [];
    for (let i = 0; i < 3; i++) texts.push(fieldTexts(await collect(stream({ question: `q${i}` }))));
    expect(texts).toEqual([{ 'self#1/answer': 'one' }, { 'self#1/answer': 'two' }, { 'self#1/answer': 'three' }]);
  });

  it('gives field events for an LM without stream(): its whole reply is one delta', async () => {
    const lm = {
      model: 'plain',
      capabilities: { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: false, images: false },
      call: async () => ({
        model: 'plain',
        usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
        outputs: [{ text: '[[ ## answer ## ]]\nhi\n\n[[ ## completed ## ]]' }],
      }),
    };
    const predict = new Predict('question -> answer');
    predict.lm = lm;
    const events = await collect(streamify(predict)({ question: 'q' }));
    expect(events.filter((e) => e.type === 'token')).toHaveLength(1);
    expect(fieldTexts(events)).toEqual({ 'self#1/answer': 'hi' });
  });

  it('yields the events so far, then throws the program error', async () => {
    @Module()
    class Failing extends Program<{ question: string }> {
      readonly first = new Predict('question -> answer');
      async forward(inputs: { question: string }): Promise<never> {
        await this.first.call(inputs);
        throw new DspyError('CONFIG_INVALID', 'second step broke');
      }
    }
    const program = new Failing();
    program.setLm(new DummyLM([{ answer: 'ok' }]));
    const seen: StreamEvent[] = [];
    await expect(
      (async () => {
        for await (const e of streamify(program)({ question: 'q' })) seen.push(e);
      })(),
    ).rejects.toThrow('second step broke');
    expect(fieldTexts(seen)).toEqual({ 'first#1/answer': 'ok' });
  });
});
