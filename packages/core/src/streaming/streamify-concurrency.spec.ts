import { DspyError, Module, Predict, Program } from '@dspy-ts/core';
import {
  collect,
  fieldTexts,
  ScriptedStreamLM,
  type StreamEvent,
  streamify,
  tokenText,
} from '../../test/helpers/streaming-fixtures';

/** Replies quote the question's id, so a mixed-up event is visible in the text. */
function echoLM(seed: number, maxDelayMs = 3): ScriptedStreamLM {
  return new ScriptedStreamLM({
    seed,
    maxChunk: 5,
    maxDelayMs,
    reply: (last) => {
      const query = /\[\[ ## query ## \]\]\n(\S+)/.exec(last)?.[1]; // only present as an input
      if (query) return `[[ ## answer ## ]]\nanswer for ${query}\n\n[[ ## completed ## ]]`;
      const id = /\[\[ ## question ## \]\]\n(\S+)/.exec(last)![1]!;
      return `[[ ## query ## ]]\n${id.replace('q', 'r')} search terms\n\n[[ ## completed ## ]]`;
    },
  });
}

@Module()
class TwoStep extends Program<{ question: string }> {
  readonly rewrite = new Predict('question -> query');
  readonly answer = new Predict('question, query -> answer');

  async forward({ question }: { question: string }) {
    const { query } = await this.rewrite.call({ question });
    return this.answer.call({ question, query });
  }
}

describe('streamify under concurrency', () => {
  it('keeps the events of 20 interleaved concurrent streams of one program apart', async () => {
    const lm = echoLM(3);
    const program = new TwoStep();
    program.setLm(lm);
    const stream = streamify(program);
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => collect(stream({ question: `q${i}` }))));
    expect(lm.maxActive).toBeGreaterThan(5); // the streams really overlapped
    runs.forEach((events, i) => {
      expect(fieldTexts(events)).toEqual({
        'rewrite#1/query': `r${i} search terms`,
        'answer#2/answer': `answer for r${i}`,
      });
      expect(tokenText(events)).toBe(
        `[[ ## query ## ]]\nr${i} search terms\n\n[[ ## completed ## ]][[ ## answer ## ]]\nanswer for r${i}\n\n[[ ## completed ## ]]`,
      );
      const last = events.at(-1)!;
      expect(last.type === 'prediction' && (last.prediction as { answer: string }).answer).toBe(`answer for r${i}`);
    });
  });

  it('tells parallel calls of one predictor apart by call id', async () => {
    @Module()
    class FanOut extends Program<{ questions: string[] }> {
      readonly rewrite = new Predict('question -> query');
      async forward({ questions }: { questions: string[] }) {
        return Promise.all(questions.map((question) => this.rewrite.call({ question })));
      }
    }
    const program = new FanOut();
    program.setLm(echoLM(5));
    const events = await collect(streamify(program)({ questions: ['q1', 'q2', 'q3'] }));
    const texts = Object.values(fieldTexts(events)).sort();
    expect(texts).toEqual(['r1 search terms', 'r2 search terms', 'r3 search terms']);
    const ids = new Set(events.flatMap((e) => (e.type === 'field-start' ? [e.callId] : [])));
    expect([...ids].sort()).toEqual([1, 2, 3]);
  });

  it('never sends events of a plain call running at the same time into a stream', async () => {
    const program = new TwoStep();
    program.setLm(echoLM(9));
    const [events] = await Promise.all([
      collect(streamify(program)({ question: 'q1' })),
      program.call({ question: 'q2' }),
    ]);
    expect(JSON.stringify(events)).not.toContain('r2');
  });
});

describe('streamify cancellation', () => {
  it('aborts the LM call when the consumer leaves the loop, and runs no later predictor', async () => {
    const lm = new ScriptedStreamLM({
      reply: () => `[[ ## query ## ]]\n${'word '.repeat(200)}\n\n[[ ## completed ## ]]`,
      maxChunk: 2,
      maxDelayMs: 2,
    });
    const program = new TwoStep();
    program.setLm(lm);
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    try {
      const seen: StreamEvent[] = [];
      for await (const event of streamify(program)({ question: 'q1' })) {
        seen.push(event);
        if (event.type === 'field-chunk') break;
      }
      expect(lm.signals).toHaveLength(1);
      expect(lm.signals[0]!.aborted).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 30));
      const sent = lm.deltasSent;
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(lm.deltasSent).toBe(sent); // nothing more is produced
      expect(lm.deltasSent).toBeLessThan(100);
      expect(lm.streamsFinished).toBe(0);
      expect(lm.history.entries).toHaveLength(0); // the second predictor never ran
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it("stops with LM_ABORTED when the caller's signal aborts", async () => {
    const lm = new ScriptedStreamLM({
      reply: () => `[[ ## query ## ]]\n${'word '.repeat(200)}`,
      maxChunk: 2,
      maxDelayMs: 2,
    });
    const program = new TwoStep();
    program.setLm(lm);
    const controller = new AbortController();
    const run = (async () => {
      for await (const event of streamify(program)({ question: 'q1' }, { signal: controller.signal })) {
        if (event.type === 'field-chunk') controller.abort();
      }
    })();
    const error = await run.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(DspyError.is(error, 'LM_ABORTED')).toBe(true);
    expect(lm.signals[0]!.aborted).toBe(true);
  });
});
