import {
  type Callback,
  type CallEndEvent,
  type CallStartEvent,
  CALLBACKS,
  configure,
  createContainer,
  currentCallId,
  Evaluate,
  type LmStreamEvent,
  Example,
  LM,
  Module,
  type Passage,
  Predict,
  type Prediction,
  Program,
  resetSettings,
  Tool,
  withSettings,
} from '../../src';
import { ObserveRetrieve } from '../../src/provider-kit';
import { ScriptedLM } from '../../src/testing';

type Event = { hook: string; e: CallStartEvent & CallEndEvent };

function recorder(): { cb: Callback; events: Event[] } {
  const events: Event[] = [];
  const hooks = [
    'onModuleStart',
    'onModuleEnd',
    'onLmStart',
    'onLmEnd',
    'onAdapterFormatStart',
    'onAdapterFormatEnd',
    'onAdapterParseStart',
    'onAdapterParseEnd',
    'onToolStart',
    'onToolEnd',
    'onRetrieveStart',
    'onRetrieveEnd',
    'onEvaluateStart',
    'onEvaluateEnd',
  ] as const;
  const cb: Callback = Object.fromEntries(hooks.map((h) => [h, (e: never) => events.push({ hook: h, e })]));
  return { cb, events };
}

class TwoStep extends Program<{ question: string }> {
  readonly draft = new Predict('question -> draft');
  readonly answer = new Predict('question, draft -> answer');
  async forward({ question }: { question: string }) {
    const { draft } = await this.draft.call({ question });
    return this.answer.call({ question, draft: draft as string });
  }
}

const lm = () =>
  new ScriptedLM((last) =>
    last.includes('[[ ## draft ## ]]\n') && last.includes('answer')
      ? { answer: 'Paris' }
      : { draft: 'P...', answer: 'Paris' },
  );

afterEach(() => resetSettings());

describe('callbacks', () => {
  it('pairs every start with its end by call id and links children to their parent', async () => {
    const { cb, events } = recorder();
    configure({ lm: lm(), callbacks: [cb] });
    await new TwoStep().call({ question: 'Capital of France?' });

    const starts = events.filter((x) => x.hook.endsWith('Start')).map((x) => x.e);
    const ends = events.filter((x) => x.hook.endsWith('End')).map((x) => x.e);
    expect(starts).toHaveLength(ends.length);
    for (const s of starts) expect(ends.filter((e) => e.callId === s.callId)).toHaveLength(1);

    const program = starts.find((s) => s.name === 'TwoStep')!;
    expect(program.parentCallId).toBeUndefined();
    const predictors = starts.filter((s) => s.kind === 'module' && s.name.startsWith('Predict('));
    expect(predictors.map((p) => p.name)).toEqual(['Predict(StringSignature)', 'Predict(StringSignature)']);
    for (const p of predictors) {
      expect(p.parentCallId).toBe(program.callId);
      const children = starts.filter((s) => s.parentCallId === p.callId).map((s) => s.kind);
      expect(children).toEqual(['adapterFormat', 'lm', 'adapterParse']);
    }
    const lmStart = starts.find((s) => s.kind === 'lm')!;
    expect(lmStart.name).toBe('scripted');
    expect(lmStart.inputs).toHaveProperty('messages');
    const lmEnd = ends.find((e) => e.kind === 'lm')!;
    expect((lmEnd.outputs as { usage: { promptTokens: number } }).usage.promptTokens).toBe(10);
    expect(lmEnd.durationMs).toBeGreaterThanOrEqual(0);
    expect((ends.find((e) => e.callId === program.callId)!.outputs as Prediction).answer).toBe('Paris');
  });

  it('reports the error on the end event and still throws it', async () => {
    const { cb, events } = recorder();
    configure({ callbacks: [cb] }); // no LM: Predict throws LM_MISSING
    await expect(new Predict('q -> a').call({ q: 'x' })).rejects.toThrow(/No language model/);
    const end = events.find((x) => x.hook === 'onModuleEnd')!.e as CallEndEvent;
    expect((end.error as Error).message).toMatch(/No language model/);
  });

  it('logs a throwing callback and never breaks the call', async () => {
    const logged: unknown[] = [];
    const noop = () => undefined;
    configure({
      lm: lm(),
      logger: { debug: noop, info: noop, warn: noop, error: (o, m) => logged.push([o, m]) },
      callbacks: [
        {
          onLmStart: () => {
            throw new Error('boom');
          },
        },
      ],
    });
    const p = await new Predict('question -> answer').call({ question: 'Capital?' });
    expect(p.answer).toBe('Paris');
    expect(JSON.stringify(logged)).toMatch(/onLmStart threw/);
  });

  it('scoped callbacks replace the global ones for that call tree only', async () => {
    const global = recorder();
    const scoped = recorder();
    configure({ lm: lm(), callbacks: [global.cb] });
    await withSettings({ callbacks: [scoped.cb] }, () => new Predict('question -> answer').call({ question: 'a' }));
    expect(scoped.events.length).toBeGreaterThan(0);
    expect(global.events).toHaveLength(0);
    await new Predict('question -> answer').call({ question: 'b' });
    expect(global.events.length).toBeGreaterThan(0);
  });

  it("a program's own callbacks see it and everything it calls, and nothing else", async () => {
    const { cb, events } = recorder();
    configure({ lm: lm() });
    const program = new TwoStep();
    program.callbacks = [cb];
    await program.call({ question: 'Capital?' });
    expect(events.filter((x) => x.hook === 'onLmStart')).toHaveLength(2);
    const before = events.length;
    await new Predict('question -> answer').call({ question: 'other' });
    expect(events).toHaveLength(before);
  });

  it('takes callbacks from the DI container', async () => {
    const { cb, events } = recorder();
    @Module()
    class Injected extends Program<{ question: string }> {
      readonly answer = new Predict('question -> answer');
      forward(inputs: { question: string }) {
        return this.answer.call(inputs);
      }
    }
    const container = createContainer({ lm: lm(), callbacks: [cb] });
    expect(container.get(CALLBACKS)).toEqual([cb]);
    expect(container.get(LM)).toBeDefined();
    await container.get(Injected).call({ question: 'Capital?' });
    expect(events.find((x) => x.hook === 'onModuleStart')!.e.name).toBe('Injected');
    expect(events.some((x) => x.hook === 'onLmEnd')).toBe(true);
  });

  it('observes tools and Evaluate, and exposes the current call id', async () => {
    const { cb, events } = recorder();
    configure({ lm: lm(), callbacks: [cb] });
    let seen: string | undefined;
    const add = new Tool(
      ({ a, b }: { a: number; b: number }) => {
        seen = currentCallId();
        return a + b;
      },
      { name: 'add', args: { a: { type: 'number' }, b: { type: 'number' } } },
    );
    expect(await add.call({ a: 1, b: 2 })).toBe(3);
    const toolStart = events.find((x) => x.hook === 'onToolStart')!.e;
    expect(toolStart.name).toBe('add');
    expect(seen).toBe(toolStart.callId);

    const devset = [new Example({ question: 'q', answer: 'Paris' }).withInputs('question')];
    await new Evaluate({
      devset,
      metric: (ex, p: { answer?: unknown }) => ex.answer === p.answer,
      progress: false,
    }).run(new Predict('question -> answer'));
    const evalStart = events.find((x) => x.hook === 'onEvaluateStart')!.e;
    const moduleUnder = events.find((x) => x.hook === 'onModuleStart' && x.e.parentCallId === evalStart.callId);
    expect(moduleUnder).toBeDefined();
    expect((events.find((x) => x.hook === 'onEvaluateEnd')!.e as CallEndEvent).outputs).toHaveProperty('score', 100);
  });

  it('costs nothing observable when no callback is registered', async () => {
    configure({ lm: lm() });
    let id: string | undefined = 'unset';
    const tool = new Tool(() => (id = currentCallId()), { name: 'probe' });
    await tool.call({});
    expect(id).toBeUndefined();
  });

  it('observes retrievers decorated with @ObserveRetrieve', async () => {
    const { cb, events } = recorder();
    configure({ callbacks: [cb] });
    class Kb {
      @ObserveRetrieve()
      async retrieve(query: string, _options?: { k?: number }): Promise<Passage[]> {
        return [{ id: '1', text: `about ${query}`, score: 1 }];
      }
    }
    await new Kb().retrieve('pgvector', { k: 1 });
    const start = events.find((x) => x.hook === 'onRetrieveStart')!.e;
    expect(start).toMatchObject({ kind: 'retrieve', name: 'Kb', inputs: { query: 'pgvector', k: 1 } });
    const end = events.find((x) => x.hook === 'onRetrieveEnd')!.e;
    expect(end.callId).toBe(start.callId);
    expect(end.outputs).toEqual([{ id: '1', text: 'about pgvector', score: 1 }]);
  });

  it('observes a streamed LM call as one LM call that ends with the final response', async () => {
    const { cb, events } = recorder();
    configure({ callbacks: [cb] });
    class StreamLM extends ScriptedLM {
      protected override async *forwardStream(): AsyncIterable<LmStreamEvent> {
        yield { type: 'delta', text: 'Hel' };
        yield { type: 'delta', text: 'lo' };
        yield {
          type: 'done',
          response: {
            model: 'streamer',
            outputs: [{ text: 'Hello' }],
            usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
          },
        };
      }
    }
    const text: string[] = [];
    for await (const e of new StreamLM('unused', { model: 'streamer' }).stream([{ role: 'user', content: 'hi' }]))
      if (e.type === 'delta') text.push(e.text);
    expect(text.join('')).toBe('Hello');
    expect(events.map((x) => x.hook)).toEqual(['onLmStart', 'onLmEnd']);
    const end = events[1]!.e;
    expect(end.callId).toBe(events[0]!.e.callId);
    expect((end.outputs as { usage: { totalTokens: number } }).usage.totalTokens).toBe(5);

    events.length = 0; // leaving the loop early still ends the call
    for await (const _ of new StreamLM('unused', { model: 'streamer' }).stream([{ role: 'user', content: 'hi' }]))
      break;
    expect(events.map((x) => x.hook)).toEqual(['onLmStart', 'onLmEnd']);
  });
});
