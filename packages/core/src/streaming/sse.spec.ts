import { DspyError } from '../errors/dspy-error';
import { Prediction } from '../primitives/prediction';
import { EventQueue } from './event-queue';
import { sseFrame, toSSE } from './sse';
import type { StreamEvent } from './stream-events';

async function* events(list: StreamEvent[], error?: unknown): AsyncGenerator<StreamEvent> {
  yield* list;
  if (error) throw error;
}

async function collect(frames: AsyncIterable<string>): Promise<{ frames: string[]; error?: unknown }> {
  const out: string[] = [];
  try {
    for await (const f of frames) out.push(f);
    return { frames: out };
  } catch (error) {
    return { frames: out, error };
  }
}

describe('toSSE', () => {
  it('writes one event frame per event, payload on one data line, predictions as their fields', async () => {
    const prediction = Prediction.fromCompletions([{ answer: 'line 1\nline 2' }]);
    const { frames } = await collect(
      toSSE(
        events([
          { type: 'field-chunk', predictor: 'self', callId: 1, field: 'answer', text: 'a\n\nb' },
          { type: 'prediction', prediction },
        ]),
      ),
    );
    expect(frames).toEqual([
      'event: field-chunk\ndata: {"type":"field-chunk","predictor":"self","callId":1,"field":"answer","text":"a\\n\\nb"}\n\n',
      'event: prediction\ndata: {"type":"prediction","prediction":{"answer":"line 1\\nline 2"}}\n\n',
    ]);
  });

  it('leaves the event name out on request (frames then reach EventSource.onmessage)', () => {
    expect(sseFrame({ type: 'status', message: 'hi' }, { eventNames: false })).toBe(
      'data: {"type":"status","message":"hi"}\n\n',
    );
  });

  it('writes an error frame with the code only, then rethrows', async () => {
    const failure = new DspyError('LM_CONNECTION', 'cannot reach http://10.0.0.3:11434');
    const { frames, error } = await collect(toSSE(events([{ type: 'status', message: 's' }], failure)));
    expect(error).toBe(failure);
    expect(frames.at(-1)).toBe(
      'event: error\ndata: {"type":"error","code":"LM_CONNECTION","message":"The stream failed."}\n\n',
    );
    const exposed = await collect(toSSE(events([], new Error('boom')), { exposeErrors: true }));
    expect(exposed.frames).toEqual(['event: error\ndata: {"type":"error","message":"boom"}\n\n']);
  });
});

describe('EventQueue', () => {
  it('delivers items pushed before and while the consumer waits, then the failure', async () => {
    const q = new EventQueue<number>();
    q.push(1);
    setTimeout(() => {
      q.push(2);
      q.fail(new Error('late'));
      q.push(3); // ignored: the producer is done
    }, 5);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of q) seen.push(n);
      })(),
    ).rejects.toThrow('late');
    expect(seen).toEqual([1, 2]);
    expect(q.settled).toBe(true);
  });

  it('keeps order over many items', async () => {
    const q = new EventQueue<number>();
    for (let i = 0; i < 5000; i++) q.push(i);
    q.end();
    let expected = 0;
    for await (const n of q) expect(n).toBe(expected++);
    expect(expected).toBe(5000);
  });
});
