import { messageText } from '@dspy-ts/core/provider-kit';
import { CodeAct, DspyError, Tool, resetSettings, configure } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { JsSandbox } from '../src';

// CodeAct with the real QuickJS sandbox: the model's JavaScript calls host tools from inside it.
afterEach(() => resetSettings());
const sandbox = new JsSandbox({ timeoutMs: 1_000 });
const code = (js: string) => '```javascript\n' + js + '\n```';

function factorialTool(calls: number[]) {
  return new Tool(
    ({ n }: { n: number }) => {
      calls.push(n);
      let f = 1;
      for (let i = 2; i <= n; i++) f *= i;
      return f;
    },
    { name: 'factorial', desc: 'The factorial of n.', args: { n: { type: 'integer' } } },
  );
}

describe('CodeAct (DSPy tests/predict/test_code_act.py, JavaScript)', () => {
  it('test_codeact_code_generation: runs the code with the tool and extracts the answer', async () => {
    const calls: number[] = [];
    const lm = new DummyLM([
      { generated_code: code('console.log(factorial({ n: 5 }))'), finished: true },
      { reasoning: 'Reason_B', factorial: '120' },
    ]);
    configure({ lm });
    const agent = new CodeAct('n -> factorial', { tools: [factorialTool(calls)], sandbox });
    const res = await agent.call({ n: '5' });
    expect(res.factorial).toBe('120');
    expect(res.trajectory).toEqual({ generated_code_0: 'console.log(factorial({ n: 5 }))', code_output_0: '120' });
    expect(calls).toEqual([5]); // the tool ran once, on the host
    const system = messageText(lm.history.entries[0]!.messages[0]!);
    expect(system).toContain(
      'Your goal is to generate executable JavaScript code that collects any necessary information for producing `factorial`.',
    );
    expect(system).toContain(
      "(1) factorial, whose description is <desc>The factorial of n.</desc>. It takes arguments {'n': {'type': 'integer'}}.",
    );
    expect(system).toContain(
      '`generated_code` (str): JavaScript code that when executed, produces output relevant to answering the question',
    );
    const extract = messageText(lm.history.entries[1]!.messages.at(-1)!);
    expect(extract).toContain(
      '[[ ## trajectory ## ]]\n[[ ## generated_code_0 ## ]]\nconsole.log(factorial({ n: 5 }))\n\n[[ ## code_output_0 ## ]]\n120',
    );
  });

  it('several iterations: the next step sees the trajectory as JSON', async () => {
    const lm = new DummyLM([
      { generated_code: code('console.log(factorial(3))'), finished: false },
      { generated_code: code('const x = factorial(4);\nconsole.log(x)'), finished: true },
      { reasoning: 'r', factorial: '24' },
    ]);
    configure({ lm });
    const agent = new CodeAct('n -> factorial', { tools: [factorialTool([])], sandbox });
    const res = await agent.call({ n: '4' });
    expect(res.trajectory).toEqual({
      generated_code_0: 'console.log(factorial(3))',
      code_output_0: '6',
      generated_code_1: 'const x = factorial(4);\nconsole.log(x)',
      code_output_1: '24',
    });
    expect(messageText(lm.history.entries[1]!.messages.at(-1)!)).toContain(
      '[[ ## trajectory ## ]]\n{"generated_code_0": "console.log(factorial(3))", "code_output_0": "6"}',
    );
  });

  it('empty code and runtime errors become observations (error lines counted from the model code); the loop goes on', async () => {
    const lm = new DummyLM([
      { generated_code: '', finished: false },
      { generated_code: code('const a = 1;\nnull.foo;'), finished: false },
      { generated_code: code('console.log("ok")'), finished: true },
      { reasoning: 'r', factorial: 'x' },
    ]);
    configure({ lm });
    const res = await new CodeAct('n -> factorial', { tools: [factorialTool([])], sandbox }).call({ n: '1' });
    expect(res.trajectory.observation_0).toBe('Failed to parse the generated code: Error: Empty code after parsing.');
    expect(res.trajectory.observation_1).toMatch(/^Failed to execute the generated code: TypeError: .*\(line 2\)$/);
    expect(res.trajectory.code_output_2).toBe('ok');
  });

  it('test_codeact_support_multiple_fields', async () => {
    const extract = new Tool(
      ({ input_list }: { input_list: string }) => {
        const numbers = input_list.split(',').map(Number);
        return { maximum: Math.max(...numbers), minimum: Math.min(...numbers) };
      },
      {
        name: 'extract_maximum_minimum',
        desc: 'Max and min of a comma-separated list.',
        args: { input_list: { type: 'string' } },
      },
    );
    const lm = new DummyLM([
      {
        reasoning: 'Reason_A',
        generated_code: code("const result = extract_maximum_minimum('2, 3, 5, 6')\nconsole.log(result)"),
        finished: true,
      },
      { reasoning: 'Reason_B', maximum: '6', minimum: '2' },
    ]);
    configure({ lm });
    const res = await new CodeAct('input_list -> maximum, minimum', { tools: [extract], sandbox }).call({
      input_list: '2, 3, 5, 6',
    });
    expect([res.maximum, res.minimum]).toEqual(['6', '2']);
    expect(res.trajectory).toEqual({
      generated_code_0: "const result = extract_maximum_minimum('2, 3, 5, 6')\nconsole.log(result)",
      code_output_0: '{"maximum":6,"minimum":2}',
    });
  });

  it.each([
    ['test_codeact_code_parse_failure', 'parse(error', /^Failed to execute the generated code: SyntaxError: /],
    [
      'test_codeact_code_execution_failure',
      'unknown+1',
      /^Failed to execute the generated code: ReferenceError: .*unknown/,
    ],
  ])('%s', async (_name, bad, observation) => {
    const add = new Tool(({ a, b }: { a: number; b: number }) => a + b, {
      name: 'add',
      args: { a: { type: 'number' }, b: { type: 'number' } },
    });
    const lm = new DummyLM([
      { reasoning: 'Reason_A', generated_code: code(bad), finished: false },
      { reasoning: 'Reason_A', generated_code: code('const result = add(1,1)\nconsole.log(result)'), finished: true },
      { reasoning: 'Reason_B', answer: '2' },
    ]);
    configure({ lm });
    const res = await new CodeAct('question -> answer', { tools: [add], sandbox }).call({ question: 'What is 1+1?' });
    expect(res.answer).toBe('2');
    expect(res.trajectory.generated_code_0).toBe(bad);
    expect(res.trajectory.observation_0).toMatch(observation);
    expect(res.trajectory.code_output_1).toBe('2');
  });

  it('async host tools, positional arguments, several calls, and tool errors inside the code', async () => {
    let hostCalls = 0;
    const add = new Tool(
      async ({ a, b }: { a: number; b: number }) => {
        hostCalls++;
        await new Promise((r) => setTimeout(r, 5));
        return a + b;
      },
      { name: 'add', desc: 'Add two numbers.', args: { a: { type: 'number' }, b: { type: 'number' } } },
    );
    const fail = new Tool(
      () => {
        throw new Error('service down');
      },
      { name: 'lookup-price', desc: 'Look up a price.', args: {} },
    );
    const lm = new DummyLM([
      {
        generated_code: code(
          'const s = add(2, 3);\nconst t = add({ a: s, b: 10 });\ntry { lookup_price() } catch (e) { console.log(e.message) }\nconsole.log(t)',
        ),
        finished: true,
      },
      { reasoning: 'r', answer: '15' },
    ]);
    configure({ lm });
    const res = await new CodeAct('question -> answer', { tools: [add, fail], sandbox }).call({ question: 'q' });
    expect(res.trajectory.code_output_0).toBe('Execution error in lookup-price: Error: service down\n15');
    expect(hostCalls).toBe(2);
    expect(messageText(lm.history.entries[0]!.messages[0]!)).toContain('(2) lookup_price, whose description is');
  });

  it('maxToolCalls bounds the tool calls of one code block', async () => {
    const lm = new DummyLM([
      { generated_code: code('for (let i = 0; i < 10; i++) factorial(i)'), finished: true },
      { reasoning: 'r', factorial: 'x' },
    ]);
    configure({ lm });
    const agent = new CodeAct('n -> factorial', { tools: [factorialTool([])], sandbox, maxToolCalls: 3 });
    const res = await agent.call({ n: '1' });
    expect(res.trajectory.observation_0).toBe(
      'Failed to execute the generated code: Error: too many tool calls in one code block (the limit is 3).',
    );
  });

  it('stops at maxIters; predictors are named as in DSPy; needs a sandbox', async () => {
    const lm = new DummyLM([
      { generated_code: code('console.log(1)'), finished: false },
      { generated_code: code('console.log(2)'), finished: false },
      { reasoning: 'r', factorial: '2' },
    ]);
    configure({ lm });
    const agent = new CodeAct('n -> factorial', { tools: [factorialTool([])], sandbox, maxIters: 2 });
    const res = await agent.call({ n: '2' });
    expect(Object.keys(res.trajectory)).toEqual([
      'generated_code_0',
      'code_output_0',
      'generated_code_1',
      'code_output_1',
    ]);
    expect(agent.namedPredictors().map(([n]) => n)).toEqual(['codeact', 'extractor.predict']);
    expect(() => new CodeAct('n -> f', { tools: [], sandbox: undefined as never })).toThrow(DspyError);
  });
});
