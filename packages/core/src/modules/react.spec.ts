import { IsInt, IsString } from 'class-validator';
import { LmError, type TraceEntry, withSettings } from '@dspy-ts/core';
import { ReAct } from '@dspy-ts/core';
import { formatTrajectory, truncateTrajectory } from '@dspy-ts/core/provider-kit';
import { withTrajectoryTruncation } from '../modules/react-trajectory';
import { Tool, ToolArgs } from '@dspy-ts/core';
import { DummyLM, routeWarnings } from '@dspy-ts/testing';

@ToolArgs()
class SearchArgs {
  @IsString() query!: string;
  @IsInt() k = 2;
}

/** DummyLM that answers with a context-window error on the calls listed (1-based), like DSPy's mocks. */
class OverflowingLM extends DummyLM {
  private calls = 0;
  constructor(
    answers: ConstructorParameters<typeof DummyLM>[0],
    private readonly overflowOn: (call: number, lastMessage: string) => boolean,
  ) {
    super(answers);
  }
  protected override forward(...args: Parameters<DummyLM['forward']>) {
    const last = String(args[0].at(-1)?.content ?? '');
    if (this.overflowOn(++this.calls, last)) return Promise.reject(new LmError('LM_CONTEXT_WINDOW', 'prompt too long'));
    return super.forward(...args);
  }
}

const step = (tool: string, args: Record<string, unknown>, thought = `Use ${tool}.`) => ({
  next_thought: thought,
  next_tool_name: tool,
  next_tool_args: args,
});

describe('ReAct loop (DummyLM)', () => {
  let warn: jest.Mock;
  beforeEach(() => (warn = routeWarnings(jest.fn())));
  afterEach(() => warn.mockRestore());

  it('calls a plain function tool (no schema: any arguments) and records the trajectory', async () => {
    const foo = ({ a, b }: { a: number; b: number }) => a + b;
    const react = new ReAct('a: int, b: int -> c: int', { tools: [foo] });
    const lm = new DummyLM([
      step('foo', { a: 1, b: 2 }, 'I need to add two numbers.'),
      step('finish', {}, 'Done.'),
      { reasoning: 'added', c: 3 },
    ]);
    const p = await withSettings({ lm }, () => react.call({ a: 1, b: 2 }));
    expect(p.c).toBe(3);
    expect(p.trajectory).toEqual({
      thought_0: 'I need to add two numbers.',
      tool_name_0: 'foo',
      tool_args_0: { a: 1, b: 2 },
      observation_0: 3,
      thought_1: 'Done.',
      tool_name_1: 'finish',
      tool_args_1: {},
      observation_1: 'Completed.',
    });
    expect(Object.keys(p.toDict())).toEqual(['trajectory', 'reasoning', 'c']);
  });

  it('turns tool errors into observations and stops at maxIters given per call', async () => {
    const foo = () => {
      throw new Error('tool error');
    };
    const react = new ReAct('a: int, b: int -> c: int', { tools: [foo] });
    const lm = new DummyLM([step('foo', { a: 1, b: 2 }), step('foo', { a: 1, b: 2 }), { reasoning: 'gave up', c: 3 }]);
    const p = await withSettings({ lm }, () => react.call({ a: 1, b: 2 }, { maxIters: 2 }));
    expect(p.trajectory.observation_0).toBe('Execution error in foo: Error: tool error');
    expect(p.trajectory.observation_1).toBe('Execution error in foo: Error: tool error');
    expect(Object.keys(p.trajectory)).toHaveLength(8);
    expect(lm.history.entries).toHaveLength(3);
  });

  it('validates arguments before the call and reports invalid ones as observations', async () => {
    const calls: unknown[] = [];
    const search = new Tool((a: SearchArgs) => calls.push(a), { name: 'search', args: SearchArgs });
    const react = new ReAct('question -> answer', { tools: [search] });
    const lm = new DummyLM([
      step('search', { query: 42 }),
      step('search', { query: 'x', limit: 3 }),
      step('search', {}),
      step('search', { query: 'ok' }),
      step('finish', {}),
      { reasoning: 'r', answer: 'a' },
    ]);
    const p = await withSettings({ lm }, () => react.call({ question: 'q' }));
    expect(p.trajectory.observation_0).toBe(
      "Execution error in search: Arg query is invalid: 42 is not of type 'string'",
    );
    expect(p.trajectory.observation_1).toBe("Execution error in search: Arg limit is not in the tool's args.");
    expect(p.trajectory.observation_2).toBe('Execution error in search: Missing required arg(s): query.');
    expect(p.trajectory.observation_3).toBe(1);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeInstanceOf(SearchArgs);
    expect(calls[0]).toEqual(Object.assign(new SearchArgs(), { query: 'ok', k: 2 }));
  });

  it('turns a tool timeout into an observation and aborts the tool', async () => {
    let aborted = false;
    const slow = new Tool(
      (_: object, { signal }) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => ((aborted = true), resolve('late')));
        }),
      { name: 'slow', timeoutMs: 20 },
    );
    const react = new ReAct('question -> answer', { tools: [slow] });
    const lm = new DummyLM([step('slow', {}), step('finish', {}), { reasoning: 'r', answer: 'a' }]);
    const p = await withSettings({ lm }, () => react.call({ question: 'q' }));
    expect(p.trajectory.observation_0).toBe('Execution error in slow: Tool slow timed out after 20 ms.');
    expect(aborted).toBe(true);
  });

  it('passes arguments to finish as an error observation but still finishes', async () => {
    const react = new ReAct('question -> answer', { tools: [] });
    const lm = new DummyLM([step('finish', { answer: 'x' }), { reasoning: 'r', answer: 'a' }]);
    const p = await withSettings({ lm }, () => react.call({ question: 'q' }));
    expect(p.trajectory.observation_0).toBe("Execution error in finish: Arg answer is not in the tool's args.");
    expect(p.answer).toBe('a');
  });

  it('records react steps and the extraction in the trace', async () => {
    const react = new ReAct('question -> answer', { tools: [] });
    const lm = new DummyLM([step('finish', {}), { reasoning: 'r', answer: 'a' }]);
    const trace: TraceEntry[] = [];
    await withSettings({ lm, trace }, () => react.call({ question: 'q' }));
    expect(trace.map((t) => t.predictor)).toEqual([react.react, react.extract.predict]);
    expect(trace[0]!.inputs).toEqual({ question: 'q', trajectory: '' });
  });

  it('propagates a step the adapters cannot parse (as DSPy 3.4.1 does)', async () => {
    const react = new ReAct('question -> answer', { tools: [] });
    const lm = new DummyLM([step('bogus', {}), step('bogus', {})]);
    await expect(withSettings({ lm }, () => react.call({ question: 'q' }))).rejects.toMatchObject({
      code: 'ADAPTER_PARSE',
    });
  });
});

describe('ReAct trajectory truncation', () => {
  let warn: jest.Mock;
  beforeEach(() => (warn = routeWarnings(jest.fn())));
  afterEach(() => warn.mockRestore());
  const echo = new Tool(({ text }: { text: string }) => `Echoed: ${text}`, {
    name: 'echo',
    args: { text: { type: 'string' } },
  });

  it('drops the oldest step when the context window overflows, then goes on', async () => {
    const react = new ReAct('input_text -> output_text', { tools: [echo] });
    const lm = new OverflowingLM(
      [
        step('echo', { text: 'Text 1' }, 'Thought 1'),
        step('echo', { text: 'Text 2' }, 'Thought 2'),
        step('finish', {}, 'Final thought'),
        { reasoning: 'r', output_text: 'Final output' },
      ],
      (call) => call === 3,
    );
    const p = await withSettings({ lm }, () => react.call({ input_text: 'test input' }));
    expect(p.trajectory).not.toHaveProperty('thought_0');
    expect(p.trajectory.thought_1).toBe('Thought 2');
    expect(p.trajectory.thought_2).toBe('Final thought');
    expect(p.output_text).toBe('Final output');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('truncating the oldest tool call'), expect.anything());
  });

  it('ends the trajectory when even an empty one overflows, and still extracts', async () => {
    const react = new ReAct('input_text -> output_text', { tools: [echo] });
    const lm = new OverflowingLM([{ reasoning: 'r', output_text: 'Fallback output' }], (_, last) =>
      last.includes('next_thought'),
    );
    const p = await withSettings({ lm }, () => react.call({ input_text: 'test input' }));
    expect(p.trajectory).toEqual({});
    expect(p.output_text).toBe('Fallback output');
    expect(lm.history.entries).toHaveLength(1);
  });

  it('cannot truncate a single step; gives up after 3 attempts', async () => {
    const react = new ReAct('input_text -> output_text', { tools: [echo] });
    const one = { thought_0: 't', tool_name_0: 'finish', tool_args_0: {}, observation_0: 'Completed.' };
    expect(() => react.truncateTrajectory({ ...one })).toThrow(/only has one tool call/);

    const trajectory: Record<string, unknown> = {};
    for (let i = 0; i < 4; i++)
      Object.assign(trajectory, {
        [`thought_${i}`]: 't',
        [`tool_name_${i}`]: 'echo',
        [`tool_args_${i}`]: {},
        [`observation_${i}`]: 'o',
      });
    const overflow = () => Promise.reject(new LmError('LM_CONTEXT_WINDOW', 'prompt too long'));
    const err = await withTrajectoryTruncation(trajectory, truncateTrajectory, formatTrajectory, overflow).catch(
      (e: Error) => e,
    );
    expect(err).toMatchObject({
      code: 'LM_CONTEXT_WINDOW',
      message: 'The context window was exceeded even after 3 attempts to truncate the trajectory.',
    });
    expect((err as Error).cause).toMatchObject({ code: 'LM_CONTEXT_WINDOW' });
    expect(Object.keys(trajectory)).toEqual(['thought_3', 'tool_name_3', 'tool_args_3', 'observation_3']);
  });

  it('fails when the extraction overflows with nothing left to drop', async () => {
    const react = new ReAct('input_text -> output_text', { tools: [echo] });
    const lm = new OverflowingLM([], () => true);
    await expect(withSettings({ lm }, () => react.call({ input_text: 'x' }))).rejects.toThrow(
      /cannot be truncated because it only has one tool call/,
    );
  });
});
