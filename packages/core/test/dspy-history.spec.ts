import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ChainOfThought,
  ChatAdapter,
  DspyError,
  History,
  InputField,
  JSONAdapter,
  OutputField,
  Predict,
  Signature,
  getSignature,
  type Adapter,
  type ChatMessage,
  T,
  XMLAdapter,
} from '../src';
import { ScriptedLM } from '../src/testing';

// Goldens come from real Python DSPy 3.4.1 (scripts/dspy-goldens-history.py).
interface Golden {
  demos: Record<string, unknown>[];
  history: Record<string, unknown>[] | null;
  inputs: Record<string, unknown>;
  messages: Record<string, ChatMessage[]>;
}
const golden = (name: string): Golden =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures/dspy', `${name}.golden.json`), 'utf8'));

@Signature('Answer questions in a conversation.')
class ChatTurn {
  @InputField() history!: History;
  @InputField({ desc: "the user's latest message" }) question!: string;
  @OutputField() answer!: string;
}

@Signature('Keep a running tally.')
class Typed {
  @InputField() history!: History;
  @InputField({ type: () => [String] }) context!: string[];
  @InputField() question!: string;
  @OutputField({ type: () => T.int }) answer!: number;
  @OutputField({ desc: 'between 0 and 1' }) confidence!: number;
  @OutputField({ type: () => [String] }) tags!: string[];
}

const adapters: Record<string, () => Adapter> = {
  ChatAdapter: () => new ChatAdapter(),
  JSONAdapter: () => new JSONAdapter(),
  XMLAdapter: () => new XMLAdapter(),
};

const cases = {
  'history-chat': () => getSignature(ChatTurn),
  'history-typed': () => getSignature(Typed),
  'history-string': () => getSignature('question, history: dspy.History -> answer'),
  'history-cot': () => new ChainOfThought(ChatTurn).predict.signature,
};

describe.each(Object.entries(cases))('History golden from Python DSPy 3.4.1: %s', (name, spec) => {
  const g = golden(name);
  it.each(Object.keys(adapters))('%s formats byte-identical messages', (adapterName) => {
    const inputs = g.history === null ? g.inputs : { ...g.inputs, history: new History(g.history) };
    const messages = adapters[adapterName]!().format(spec(), g.demos, inputs);
    expect(messages).toEqual(g.messages[adapterName]);
  });
});

// DSPy's test_chat_adapter_formats_conversation_history / test_json_adapter_formats_conversation_history,
// with DSPy 3.4.1's output (3.4.1 keeps the output reminder in history user turns).
describe('DSPy tests: adapters format conversation history', () => {
  @Signature()
  class MySignature {
    @InputField() question!: string;
    @InputField() history!: History;
    @OutputField() answer!: string;
  }
  const history = new History([
    { question: 'What is the capital of France?', answer: 'Paris' },
    { question: 'What is the capital of Germany?', answer: 'Berlin' },
  ]);
  const chatReminder =
    'Respond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.';
  const jsonReminder = 'Respond with a JSON object in the following order of fields: `answer`.';

  it.each([
    [
      new ChatAdapter(),
      chatReminder,
      '[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]\n',
      '[[ ## answer ## ]]\nBerlin\n\n[[ ## completed ## ]]\n',
    ],
    [new JSONAdapter(), jsonReminder, '{\n  "answer": "Paris"\n}', '{\n  "answer": "Berlin"\n}'],
  ] as const)('%s', (adapter, reminder, paris, berlin) => {
    const messages = adapter.format(getSignature(MySignature), [], {
      question: 'What is the capital of France?',
      history,
    });
    expect(messages).toHaveLength(6);
    expect(messages.slice(1, 5).map((m) => m.content)).toEqual([
      `[[ ## question ## ]]\nWhat is the capital of France?\n\n${reminder}`,
      paris,
      `[[ ## question ## ]]\nWhat is the capital of Germany?\n\n${reminder}`,
      berlin,
    ]);
  });
});

describe('History', () => {
  it('is typed History in class and string signatures (History, dspy.History)', () => {
    for (const spec of [getSignature(ChatTurn), getSignature('history: History, question -> answer')]) {
      const f = spec.field('history')!;
      expect(f.type).toMatchObject({ kind: 'class', name: 'History', cls: History });
    }
  });

  it('takes DSPy keyword form { messages } and Examples/Predictions as turns; is immutable', () => {
    const h = new History({ messages: [{ question: 'a', answer: 'b' }] });
    const h2 = h.withTurn({ question: 'c', answer: 'd' });
    expect(h.length).toBe(1);
    expect(h2.messages).toEqual([
      { question: 'a', answer: 'b' },
      { question: 'c', answer: 'd' },
    ]);
    expect(Object.isFrozen(h2.messages[0])).toBe(true);
    expect(JSON.parse(JSON.stringify(h2))).toEqual({ messages: h2.messages });
    expect(() => new History([1 as never])).toThrow(/History message #0 must be an object/);
  });

  it('Predict sends the conversation and accepts { messages } for the History input', async () => {
    const lm = new ScriptedLM({ answer: 'Berlin' });
    const chat = new Predict(ChatTurn);
    chat.lm = lm;
    const first = await chat.call({
      history: { messages: [{ question: 'Capital of France?', answer: 'Paris' }] } as never,
      question: 'And Germany?',
    });
    expect(first.answer).toBe('Berlin');
    expect(lm.calls[0]!.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(lm.calls[0]!.messages[2]!.content).toBe('[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]\n');
  });

  it('a wrong value for a History input is INPUT_INVALID naming the field and the fix', async () => {
    const chat = new Predict(ChatTurn);
    chat.lm = new ScriptedLM({ answer: 'x' });
    const err = await chat.call({ history: [{ question: 'q' }] as never, question: 'q' }).catch((e: unknown) => e);
    expect(DspyError.is(err, 'INPUT_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/'history' is typed History: pass new History\(\[/);
    expect((err as Error).message).toMatch(/an array \(wrap it: new History\(array\)\)/);
  });
});
