import { inject } from 'inversify';
import {
  ChainOfThought,
  ChatAdapter,
  Example,
  configure,
  createContainer,
  DspyError,
  LM,
  Module,
  Predict,
  Program,
  RETRIEVER,
  resetSettings,
  signature,
  withSettings,
} from '../src';
import { ScriptedLM } from '../src/testing';

afterEach(() => resetSettings());

class TwoHop extends Program<{ question: string }> {
  readonly hops = [new Predict('question -> query'), new Predict('question -> query')];
  readonly generate = new ChainOfThought('question -> answer');
  readonly byName = new Map([['check', new Predict('answer -> ok: bool')]]);
  async forward({ question }: { question: string }) {
    return this.generate.call({ question });
  }
}

describe('Program.namedPredictors', () => {
  it('names nested programs, arrays and maps as DSPy does', () => {
    expect(new TwoHop().namedPredictors().map(([n]) => n)).toEqual([
      'hops[0]',
      'hops[1]',
      'generate.predict',
      "byName['check']",
    ]);
  });

  it('names a bare predictor "self" and lists a shared predictor once', () => {
    const p = new Predict('a -> b');
    expect(p.namedPredictors().map(([n]) => n)).toEqual(['self']);
    class Shared extends Program {
      readonly one = p;
      readonly two = p;
      async forward() {
        return null;
      }
    }
    expect(new Shared().namedPredictors().map(([n]) => n)).toEqual(['one']);
  });

  it('skips compiled sub-programs (they are frozen)', () => {
    class Outer extends Program {
      readonly inner = new TwoHop();
      readonly own = new Predict('x -> y');
      async forward() {
        return null;
      }
    }
    const outer = new Outer();
    outer.inner.compiled = true;
    expect(outer.namedPredictors().map(([n]) => n)).toEqual(['own']);
  });
});

describe('Program copies', () => {
  it('deepCopy copies predictors and demos but shares the LM', () => {
    const lm = new ScriptedLM({ answer: 'x' });
    const program = new TwoHop();
    program.setLm(lm);
    program.generate.predict.demos = [{ question: 'q', answer: 'a' }];
    const copy = program.deepCopy();
    expect(copy).toBeInstanceOf(TwoHop);
    expect(copy.generate.predict).not.toBe(program.generate.predict);
    expect(copy.generate.predict.demos).toEqual(program.generate.predict.demos);
    copy.generate.predict.demos.push({ question: 'q2', answer: 'b' });
    expect(program.generate.predict.demos).toHaveLength(1);
    expect(copy.generate.predict.lm).toBe(lm);
    expect(copy.byName.get('check')).not.toBe(program.byName.get('check'));
  });

  it('resetCopy clears demos and LMs; getLm throws when predictors disagree', () => {
    const program = new TwoHop();
    program.setLm(new ScriptedLM({}));
    program.hops[0]!.demos = [{ question: 'q', query: 'z' }];
    const fresh = program.resetCopy();
    expect(fresh.predictors().every((p) => p.demos.length === 0 && p.lm === undefined)).toBe(true);
    program.hops[1]!.lm = new ScriptedLM({}, { model: 'other' });
    expect(() => program.getLm()).toThrow(/use different LMs/);
  });
});

describe('LM resolution', () => {
  it('raises an error that says how to provide an LM when none is configured', async () => {
    const err = await new Predict('question -> answer').call({ question: 'q' }).catch((e) => e);
    expect(DspyError.is(err, 'LM_MISSING')).toBe(true);
    expect(err.message).toMatch(/No language model is configured for Predict\(StringSignature\)/);
    expect(err.message).toMatch(/configure\(\{ lm \}\)/);
  });

  it('uses own LM, then withSettings, then the injected LM, then configure()', async () => {
    const global = new ScriptedLM({ answer: 'global' });
    const scoped = new ScriptedLM({ answer: 'scoped' });
    const injected = new ScriptedLM({ answer: 'injected' });
    const own = new ScriptedLM({ answer: 'own' });
    configure({ lm: global });

    @Module()
    class Bot extends Program<{ question: string }> {
      readonly qa = new Predict('question -> answer');
      async forward(inputs: { question: string }) {
        return this.qa.call(inputs);
      }
    }
    const container = createContainer({ lm: injected });
    const bot = container.get(Bot);
    expect((await new Bot().call({ question: 'q' })).answer).toBe('global');
    expect((await bot.call({ question: 'q' })).answer).toBe('injected');
    expect((await withSettings({ lm: scoped }, () => bot.call({ question: 'q' }))).answer).toBe('scoped');
    bot.qa.lm = own;
    expect((await withSettings({ lm: scoped }, () => bot.call({ question: 'q' }))).answer).toBe('own');
  });

  it('keeps withSettings LMs apart under concurrency', async () => {
    const qa = new Predict('question -> answer');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        withSettings(
          {
            lm: new ScriptedLM(async () => {
              await new Promise<void>((r) => setTimeout(r, Math.random() * 5));
              return { answer: `lm-${i}` };
            }),
          },
          () => qa.call({ question: `q${i}` }),
        ),
      ),
    );
    expect(results.map((r) => r.answer)).toEqual(Array.from({ length: 30 }, (_, i) => `lm-${i}`));
  });
});

describe('DI', () => {
  it('injects collaborators into @Module programs and rebinding LM swaps the model', async () => {
    @Module({ description: 'answers from a knowledge base' })
    class Kb extends Program<{ question: string }> {
      readonly qa = new Predict('context, question -> answer');
      constructor(@inject(RETRIEVER) private readonly kb: { lookup(q: string): string }) {
        super();
      }
      async forward({ question }: { question: string }) {
        return this.qa.call({ context: this.kb.lookup(question), question });
      }
    }
    const container = createContainer({
      lm: new ScriptedLM({ answer: 'first' }),
      retriever: { lookup: (q: string) => `about ${q}` },
    });
    expect((await container.get(Kb).call({ question: 'x' })).answer).toBe('first');
    const second = new ScriptedLM((user) => ({ answer: user.includes('about x') ? 'second' : 'no context' }));
    container.rebindSync(LM).toConstantValue(second);
    expect((await container.get(Kb).call({ question: 'x' })).answer).toBe('second');
  });

  it('rejects @Module on a class without forward()', () => {
    expect(() => {
      @Module()
      class NoForward {}
      return NoForward;
    }).toThrow(/NoForward has no forward\(\) method/);
  });
});

describe('Predict calls', () => {
  it('rejects positional arguments with DSPy-style guidance', async () => {
    const p = new Predict('question -> answer');
    p.lm = new ScriptedLM({ answer: 'a' });
    await expect(p.call('what?' as never)).rejects.toThrow(
      "Positional arguments are not allowed when calling `Predict`, must use an object whose keys match your signature input fields: 'question'.",
    );
  });

  it('records a trace when one is active and attaches usage to the prediction', async () => {
    const p = new Predict(signature('question -> answer'));
    p.lm = new ScriptedLM({ answer: 'Paris' });
    const trace: unknown[] = [];
    const pred = await withSettings({ trace: trace as never }, () => p.call({ question: 'capital of France?' }));
    expect(trace).toHaveLength(1);
    expect(pred.usage).toEqual({ scripted: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } });
  });

  it('forces temperature 0.7 when n > 1 at low temperature, as DSPy', async () => {
    const lm = new ScriptedLM({ answer: 'a' });
    const p = new Predict('question -> answer', { n: 2 });
    p.lm = lm;
    const pred = await p.call({ question: 'q' });
    expect(lm.history.entries[0]!.options.temperature).toBe(0.7);
    expect(pred.completions.length).toBe(2);
  });
});

describe('save state', () => {
  it('load is transactional: a mismatched state changes nothing', () => {
    const program = new TwoHop();
    program.generate.predict.demos = [{ question: 'q', answer: 'a' }];
    const state = program.dumpState();
    const target = new TwoHop();
    const broken = { ...state };
    delete broken["byName['check']"];
    expect(() => target.loadState(broken)).toThrow(/no state for predictor\(s\) byName\['check'\]/);
    expect(target.generate.predict.demos).toEqual([]);
    target.loadState(state);
    expect(target.generate.predict.demos).toEqual([{ question: 'q', answer: 'a' }]);
  });
});

describe('demos', () => {
  it('accepts Examples as demos and formats them like plain objects', async () => {
    const p = new Predict('question -> answer');
    p.demos = [new Example({ question: 'What is 2+2?', answer: '4' })];
    const plain = new ChatAdapter().format(p.signature, [{ question: 'What is 2+2?', answer: '4' }], { question: 'q' });
    expect(new ChatAdapter().format(p.signature, p.demos, { question: 'q' })).toEqual(plain);
  });
});
