import {
  BaseLM,
  type ChatMessage,
  type LmCallOptions,
  type LmCapabilities,
  LmError,
  type LmOutput,
  type LmResponse,
  withSettings,
} from '@dspy-ts/core';
import { ZERO_USAGE } from '@dspy-ts/core/provider-kit';
import { ReAct } from '@dspy-ts/core';
import { Tool } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';

/** A scripted LM that offers native tool calling (as Ollama and OpenAI-compatible servers do). */
class ToolCallingLM extends BaseLM {
  readonly capabilities: LmCapabilities;
  readonly seen: { messages: readonly ChatMessage[]; options: LmCallOptions }[] = [];

  constructor(
    private readonly replies: (LmOutput | Error)[],
    nativeTools = true,
  ) {
    super(`tool-calling-${nativeTools}`, { cache: false, retry: false });
    this.capabilities = { jsonSchema: false, jsonObject: false, nativeTools, streaming: false, images: false };
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    this.seen.push({ messages, options });
    const reply = this.replies.shift();
    if (reply === undefined) throw new Error('ToolCallingLM ran out of replies');
    if (reply instanceof Error) throw reply;
    return { model: this.model, outputs: [reply], usage: ZERO_USAGE };
  }
}

const toolCall = (name: string, args: Record<string, unknown>, text = ''): LmOutput => ({
  text,
  toolCalls: [{ id: `call_${name}`, name, args }],
  finishReason: 'tool_calls',
});
const chatText = (fields: Record<string, unknown>): LmOutput => ({
  text: `${Object.entries(fields)
    .map(([k, v]) => `[[ ## ${k} ## ]]\n${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n\n')}\n\n[[ ## completed ## ]]`,
});

const searched: string[] = [];
const search = new Tool(
  ({ query }: { query: string }) => {
    searched.push(query);
    return `results for ${query}`;
  },
  { name: 'search', desc: 'Search the web.', args: { query: { type: 'string' } } },
);
const extraction = chatText({ reasoning: 'Found it.', answer: 'Paris' });

describe('ReAct with native tool calling', () => {
  beforeEach(() => (searched.length = 0));

  it('offers the tools natively and reads the tool calls from the reply', async () => {
    const lm = new ToolCallingLM([
      toolCall('search', { query: 'capital of France' }, 'Let me search.'),
      toolCall('finish', {}),
      extraction,
    ]);
    const react = new ReAct('question -> answer', { tools: [search] });
    const p = await withSettings({ lm }, () => react.call({ question: 'Capital of France?' }));

    expect(p.answer).toBe('Paris');
    expect(p.trajectory).toEqual({
      thought_0: 'Let me search.',
      tool_name_0: 'search',
      tool_args_0: { query: 'capital of France' },
      observation_0: 'results for capital of France',
      thought_1: '',
      tool_name_1: 'finish',
      tool_args_1: {},
      observation_1: 'Completed.',
    });
    expect(lm.seen[0]!.options.tools).toEqual([
      {
        name: 'search',
        description: 'Search the web.',
        parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
      },
      expect.objectContaining({ name: 'finish', parameters: { type: 'object', properties: {}, required: [] } }),
    ]);
    // Same prompt as the text protocol; the extraction gets no tools.
    expect(lm.seen[0]!.messages.at(-1)!.content).toContain('[[ ## next_tool_args ## ]]');
    expect(lm.seen[2]!.options.tools).toBeUndefined();
    expect(lm.seen).toHaveLength(3);
  });

  it('uses the reply text when the model answers in the text protocol instead of calling a tool', async () => {
    const lm = new ToolCallingLM([
      chatText({ next_thought: 'Search first.', next_tool_name: 'search', next_tool_args: { query: 'France' } }),
      toolCall('finish', {}, 'Done.'),
      extraction,
    ]);
    const p = await withSettings({ lm }, () =>
      new ReAct('question -> answer', { tools: [search] }).call({ question: 'q' }),
    );
    expect(p.trajectory.thought_0).toBe('Search first.');
    expect(p.trajectory.observation_0).toBe('results for France');
    expect(p.trajectory.thought_1).toBe('Done.');
    expect(lm.seen).toHaveLength(3);
  });

  it('falls back to a text-protocol call when the reply has neither a tool call nor parsable text', async () => {
    const lm = new ToolCallingLM([
      { text: 'I think I should search.' },
      chatText({ next_thought: 'Search.', next_tool_name: 'search', next_tool_args: { query: 'x' } }),
      toolCall('finish', {}),
      extraction,
    ]);
    const p = await withSettings({ lm }, () =>
      new ReAct('question -> answer', { tools: [search] }).call({ question: 'q' }),
    );
    expect(p.trajectory.tool_name_0).toBe('search');
    expect(lm.seen.map((s) => s.options.tools !== undefined)).toEqual([true, false, true, false]);
  });

  it('falls back to the text protocol when the model calls a tool it was not offered', async () => {
    const lm = new ToolCallingLM([
      toolCall('browse', { url: 'x' }),
      chatText({ next_thought: 'Finish.', next_tool_name: 'finish', next_tool_args: {} }),
      extraction,
    ]);
    const p = await withSettings({ lm }, () =>
      new ReAct('question -> answer', { tools: [search] }).call({ question: 'q' }),
    );
    expect(p.trajectory.tool_name_0).toBe('finish');
    expect(lm.seen.map((s) => s.options.tools !== undefined)).toEqual([true, false, false]);
  });

  it('validates native tool-call arguments like text ones', async () => {
    const lm = new ToolCallingLM([toolCall('search', { query: 7 }), toolCall('finish', {}), extraction]);
    const p = await withSettings({ lm }, () =>
      new ReAct('question -> answer', { tools: [search] }).call({ question: 'q' }),
    );
    expect(p.trajectory.observation_0).toBe(
      "Execution error in search: Arg query is invalid: 7 is not of type 'string'",
    );
    expect(searched).toEqual([]);
  });

  it('switches to the text protocol for good when the model refuses tools', async () => {
    const refusal = new LmError(
      'LM_ERROR',
      'Ollama at http://localhost:11434 answered 400: registry.ollama.ai/library/gemma:2b does not support tools',
      { status: 400 },
    );
    const lm = new ToolCallingLM([
      refusal,
      chatText({ next_thought: 'Search.', next_tool_name: 'search', next_tool_args: { query: 'x' } }),
      chatText({ next_thought: 'Done.', next_tool_name: 'finish', next_tool_args: {} }),
      extraction,
    ]);
    const p = await withSettings({ lm }, () =>
      new ReAct('question -> answer', { tools: [search] }).call({ question: 'q' }),
    );
    expect(p.answer).toBe('Paris');
    expect(lm.seen.map((s) => s.options.tools !== undefined)).toEqual([true, false, false, false]);
  });

  it('does not hide other LM errors', async () => {
    const lm = new ToolCallingLM([new LmError('LM_RATE_LIMIT', 'slow down', { status: 429 })]);
    await expect(
      withSettings({ lm }, () => new ReAct('question -> answer', { tools: [search] }).call({ question: 'q' })),
    ).rejects.toMatchObject({ code: 'LM_RATE_LIMIT' });
  });

  it('keeps to the text protocol with LMs without native tools, or when switched off', async () => {
    const dummy = new DummyLM([
      { next_thought: 't', next_tool_name: 'finish', next_tool_args: {} },
      { reasoning: 'r', answer: 'a' },
    ]);
    await withSettings({ lm: dummy }, () =>
      new ReAct('question -> answer', { tools: [search] }).call({ question: 'q' }),
    );
    expect(dummy.history.entries.map((e) => e.options.tools)).toEqual([undefined, undefined]);

    const lm = new ToolCallingLM([
      chatText({ next_thought: 't', next_tool_name: 'finish', next_tool_args: {} }),
      extraction,
    ]);
    await withSettings({ lm }, () =>
      new ReAct('question -> answer', { tools: [search], nativeTools: false }).call({ question: 'q' }),
    );
    expect(lm.seen.map((s) => s.options.tools)).toEqual([undefined, undefined]);
  });
});
