import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChatAdapter,
  DspyError,
  History,
  InputField,
  JSONAdapter,
  OutputField,
  Predict,
  Signature,
  ToolCalls,
  getSignature,
  type Adapter,
  type ChatMessage,
  XMLAdapter,
  withSettings,
} from '../src';
import { pyJsonDumps } from '../src/py';
import { ScriptedLM } from '../src/testing';

// Goldens come from real Python DSPy 3.4.1 (scripts/dspy-goldens-tool-calls.py).
interface Golden {
  demos: Record<string, unknown>[];
  history: Record<string, unknown>[];
  inputs: Record<string, unknown>;
  messages: Record<string, unknown[]>;
}
const golden = (name: string): Golden =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures/dspy', `${name}.golden.json`), 'utf8'));

@Signature('Decide which tools to call.')
class Agent {
  @InputField() history!: History;
  @InputField() question!: string;
  @OutputField() tool_calls!: ToolCalls;
}

@Signature('Answer, calling tools when needed.')
class Mixed {
  @InputField() history!: History;
  @InputField() question!: string;
  @OutputField({ desc: 'the final answer, empty while tools are pending' }) answer!: string;
  @OutputField() next_calls!: ToolCalls;
}

// "-native": DSPy 3.4.1's use_native_function_calling=True (JSONAdapter's default), where turns with tool
// calls become an assistant message with `tool_calls` and `tool` messages.
const adapters: Record<string, () => Adapter> = {
  ChatAdapter: () => new ChatAdapter(),
  JSONAdapter: () => new JSONAdapter({ useNativeFunctionCalling: false }),
  XMLAdapter: () => new XMLAdapter(),
  'JSONAdapter-native': () => new JSONAdapter(),
  'ChatAdapter-native': () => new ChatAdapter({ useNativeFunctionCalling: true }),
};

interface DspyMessage {
  role: ChatMessage['role'];
  content: string | null;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
  name?: string;
}

// DSPy's OpenAI-shaped messages as dspy-ts ChatMessages (the provider clients write them back in the OpenAI shape).
function fromDspy(m: DspyMessage): ChatMessage {
  return {
    role: m.role,
    content: m.content ?? '',
    ...(m.tool_calls && {
      toolCalls: m.tool_calls.map((c) => {
        const args = JSON.parse(c.function.arguments) as Record<string, unknown>;
        expect(pyJsonDumps(args)).toBe(c.function.arguments);
        return { id: c.id, name: c.function.name, args };
      }),
    }),
    ...(m.tool_call_id !== undefined && { toolCallId: m.tool_call_id }),
    ...(m.name !== undefined && { name: m.name }),
  };
}

const cases = {
  'tool-calls-history': [
    () => getSignature(Agent),
    () =>
      getSignature('history: History, question -> tool_calls: dspy.ToolCalls').withInstructions(
        'Decide which tools to call.',
      ),
  ],
  'tool-calls-mixed': [() => getSignature(Mixed)],
};

describe.each(Object.entries(cases))('ToolCalls golden from Python DSPy 3.4.1: %s', (name, specs) => {
  const g = golden(name);
  it('has cases for every adapter', () => expect(Object.keys(g.messages).sort()).toEqual(Object.keys(adapters).sort()));
  describe.each(specs.map((s, i) => [i === 0 ? 'class signature' : 'string signature', s] as const))(
    '%s',
    (_, spec) => {
      it.each(Object.keys(adapters))('%s formats byte-identical messages', (adapterName) => {
        const inputs = { ...g.inputs, history: new History(g.history) };
        const messages = adapters[adapterName]!().format(spec(), g.demos, inputs);
        expect(messages).toEqual((g.messages[adapterName] as DspyMessage[]).map(fromDspy));
      });
    },
  );

  it('formats the same with ToolCalls instances in the history turns', () => {
    const history = new History(
      g.history.map((m) =>
        Object.fromEntries(Object.entries(m).map(([k, v]) => [k, k.endsWith('calls') ? ToolCalls.from(v) : v])),
      ),
    );
    const messages = new ChatAdapter().format(specs[0]!(), g.demos, { ...g.inputs, history });
    // A plain dict without results prints as given (DSPy json.dumps the dict); these turns carry no ids, so both agree.
    expect(messages).toEqual(g.messages.ChatAdapter);
  });
});

describe('ToolCalls', () => {
  it("accepts DSPy's shapes: { tool_calls }, a list, one call, OpenAI-shaped calls", () => {
    const expected = { tool_calls: [{ name: 'search', args: { query: 'cats' } }] };
    expect(ToolCalls.from({ tool_calls: [{ name: 'search', args: { query: 'cats' } }] }).format()).toEqual(expected);
    expect(ToolCalls.from([{ name: 'search', args: { query: 'cats' } }]).format()).toEqual(expected);
    expect(ToolCalls.from({ name: 'search', arguments: '{"query": "cats"}' }).format()).toEqual(expected);
    const openai = ToolCalls.from([
      { id: 'c9', type: 'function', function: { name: 'search', arguments: '{"query": "cats"}' } },
    ]);
    expect(openai.format()).toEqual(expected);
    expect(openai.toolCalls[0]!.id).toBe('c9');
  });

  it('serializes results as DSPy does and keeps them out of format()', () => {
    const calls = ToolCalls.fromDictList([{ id: 'c1', name: 'weather', args: { city: 'Rome' } }]).withResults([
      { callId: 'c1', name: 'weather', value: 20 },
    ]);
    expect(calls.toJSON()).toEqual({
      tool_calls: [{ name: 'weather', args: { city: 'Rome' } }],
      tool_call_results: [{ call_id: 'c1', name: 'weather', value: 20, is_error: false }],
    });
    expect(calls.format()).toEqual({ tool_calls: [{ name: 'weather', args: { city: 'Rome' } }] });
  });

  it('refuses other values with an INPUT_INVALID error that shows the expected shape', () => {
    expect(() => ToolCalls.from('search')).toThrow(DspyError);
    expect(() => ToolCalls.from({ calls: [] })).toThrow(/Expected \{ tool_calls: \[/);
    expect(() => ToolCalls.from({ tool_calls: [{ args: {} }] })).toThrow(/needs a string name/);
  });
});

describe('Predict with a ToolCalls output (text reply, no native function calling)', () => {
  const ask = (lm: ScriptedLM, adapter: Adapter) =>
    withSettings({ lm, adapter }, () => new Predict(Agent).call({ history: new History([]), question: 'Weather?' }));

  it('ChatAdapter parses the reply into a ToolCalls', async () => {
    const lm = new ScriptedLM([
      '[[ ## tool_calls ## ]]\n{"tool_calls": [{"name": "weather", "args": {"city": "Paris"}}]}\n\n[[ ## completed ## ]]',
    ]);
    const out = await ask(lm, new ChatAdapter());
    expect(out.tool_calls).toBeInstanceOf(ToolCalls);
    expect(out.tool_calls.format()).toEqual({ tool_calls: [{ name: 'weather', args: { city: 'Paris' } }] });
  });

  it('JSONAdapter parses the reply into a ToolCalls (OpenAI-shaped calls too)', async () => {
    const lm = new ScriptedLM([
      '{"tool_calls": [{"id": "c1", "function": {"name": "clock", "arguments": "{\\"tz\\": \\"UTC\\"}"}}]}',
    ]);
    const out = await ask(lm, new JSONAdapter());
    expect(out.tool_calls.toolCalls).toEqual([{ id: 'c1', name: 'clock', args: { tz: 'UTC' } }]);
  });

  it('a reply that is no tool call fails to parse, naming the expected shape', async () => {
    const lm = new ScriptedLM(['[[ ## tool_calls ## ]]\n"weather"\n\n[[ ## completed ## ]]']);
    await expect(ask(lm, new ChatAdapter())).rejects.toThrow(/tool_calls/);
  });
});
