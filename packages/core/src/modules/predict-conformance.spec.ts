import {
  ChainOfThought,
  configure,
  InputField,
  OutputField,
  Predict,
  Program,
  resetSettings,
  Signature,
  signature,
  withSettings,
} from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';

// DSPy conformance vectors §4.3 items 39–46 (tests/predict/test_predict.py, test_chain_of_thought.py,
// tests/primitives/test_module.py), with DummyLM as in DSPy.
afterEach(() => resetSettings());

describe('Predict (DSPy test_predict.py)', () => {
  it('initialises from a string signature (test_initialization_with_string_signature)', () => {
    const p = new Predict('input1, input2 -> output');
    expect(p.signature.inputFields.map((f) => f.name)).toEqual(['input1', 'input2']);
    expect(p.signature.outputFields.map((f) => f.name)).toEqual(['output']);
  });

  it('reset clears demos and the LM (test_reset_method)', () => {
    const p = new Predict('input -> output');
    p.demos = [{ input: 'a', output: 'b' }];
    p.lm = new DummyLM([]);
    p.reset();
    expect(p.demos).toEqual([]);
    expect(p.lm).toBeUndefined();
  });

  it('calls the LM and returns the parsed output (test_call_method)', async () => {
    configure({ lm: new DummyLM([{ output: 'test output' }]) });
    expect((await new Predict('input -> output').call({ input: 'test input' })).output).toBe('test output');
  });

  it('answers "No more responses" when the DummyLM runs out (test_forward_method)', async () => {
    configure({ lm: new DummyLM([]) });
    expect((await new Predict('question -> answer').call({ question: 'What is 1+1?' })).answer).toBe(
      'No more responses',
    );
  });

  it('parses two outputs (test_forward_method2)', async () => {
    configure({ lm: new DummyLM([{ answer: 'my first answer', answer2: 'my second answer' }]) });
    const r = await new Predict('question -> answer, answer2').call({ question: 'What is 1+1?' });
    expect(r.answer).toBe('my first answer');
    expect(r.answer2).toBe('my second answer');
  });

  it('n=2 consumes two answers and exposes both completions (test_multi_output)', async () => {
    configure({ lm: new DummyLM([{ output: 'test output 1' }, { output: 'test output 2' }]) });
    const r = await new Predict('question -> output', { n: 2 }).call({ question: 'q' });
    expect(r.completions.get('output')).toEqual(['test output 1', 'test output 2']);
  });

  it('n=2 with two output fields (test_multi_output2)', async () => {
    configure({
      lm: new DummyLM([
        { output1: 'o1a', output2: 'o2a' },
        { output1: 'o1b', output2: 'o2b' },
      ]),
    });
    const r = await new Predict('question -> output1, output2', { n: 2 }).call({ question: 'q' });
    expect(r.completions.get('output1')).toEqual(['o1a', 'o1b']);
    expect(r.completions.get('output2')).toEqual(['o2a', 'o2b']);
  });

  it('works with no inputs (test_output_only)', async () => {
    @Signature()
    class OutputOnly {
      @OutputField() output!: string;
    }
    configure({ lm: new DummyLM([{ output: 'short answer' }]) });
    expect((await new Predict(OutputOnly).call({})).output).toBe('short answer');
  });

  it('fills an input default and shows it in the user message (test_input_field_default_value)', async () => {
    @Signature()
    class WithDefault {
      @InputField() question!: string;
      @InputField({ default: 'DEFAULT_CONTEXT' }) context?: string;
      @OutputField() answer!: string;
    }
    const lm = new DummyLM([{ answer: 'ok' }]);
    configure({ lm });
    await new Predict(WithDefault).call({ question: 'q' });
    expect(lm.history.entries[0]!.messages.at(-1)!.content).toContain('DEFAULT_CONTEXT');
  });

  it('caps the trace at maxTraceSize and records nothing when trace is null (test_trace_size_limit, test_disable_trace)', async () => {
    const p = new Predict('question -> answer');
    p.lm = new DummyLM(Array.from({ length: 10 }, () => ({ answer: 'a' })));
    const trace: never[] = [];
    await withSettings({ trace, maxTraceSize: 3 }, async () => {
      for (let i = 0; i < 5; i++) await p.call({ question: `q${i}` });
    });
    expect(trace).toHaveLength(3);
    await withSettings({ trace: null }, () => p.call({ question: 'x' }));
  });

  it('caps LM history (test_per_module_history_size_limit, on the LM)', async () => {
    const lm = new DummyLM(
      Array.from({ length: 10 }, () => ({ answer: 'a' })),
      { maxHistory: 5 },
    );
    const p = new Predict('question -> answer');
    p.lm = lm;
    for (let i = 0; i < 10; i++) await p.call({ question: `q${i}` });
    expect(lm.history.entries).toHaveLength(5);
  });

  it('reports LM usage on the prediction (test_lm_usage)', async () => {
    const p = new Predict('question -> answer');
    p.lm = new DummyLM([{ answer: 'a' }]);
    const r = await p.call({ question: 'q' });
    expect(r.usage).toEqual({ dummy: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } });
  });
});

describe('ChainOfThought (DSPy test_chain_of_thought.py)', () => {
  it('prepends reasoning and returns the answer', async () => {
    const lm = new DummyLM([{ reasoning: 'find the number after 1', answer: '2' }]);
    configure({ lm });
    const cot = new ChainOfThought(signature('question -> answer'));
    expect(cot.predict.signature.outputFields.map((f) => f.name)).toEqual(['reasoning', 'answer']);
    const r = await cot.call({ question: 'What is 1+1?' });
    expect(r.answer).toBe('2');
    expect(r.reasoning).toBe('find the number after 1');
  });
});

describe('Module (DSPy test_module.py)', () => {
  class HopModule extends Program<{ question: string }> {
    readonly predict1 = new Predict('question -> answer');
    readonly predict2 = new Predict('answer -> output');
    async forward({ question }: { question: string }) {
      const { answer } = await this.predict1.call({ question });
      return this.predict2.call({ answer });
    }
  }

  it('names predictors (test_named_predictors)', () => {
    expect(new HopModule().namedPredictors().map(([n]) => n)).toEqual(['predict1', 'predict2']);
  });

  it('chains two predictors with dict-mode DummyLM (test_forward)', async () => {
    configure({
      lm: new DummyLM({
        'What is 1+1?': { answer: 'let me check' },
        'let me check': { output: 'two' },
      }),
    });
    expect((await new HopModule().call({ question: 'What is 1+1?' })).output).toBe('two');
  });
});
