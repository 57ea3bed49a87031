import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AdapterParseError,
  DspyError,
  History,
  InputField,
  OutputField,
  Predict,
  Signature,
  T,
  TwoStepAdapter,
  getSignature,
  type ChatMessage,
} from '../src';
import { ScriptedLM } from '../src/testing';

// Goldens come from real Python DSPy 3.4.1 (scripts/dspy-goldens-xml.py): the messages the main LM
// gets, the extraction call's messages, and the result, for fixed replies of both LMs.
interface Golden {
  demos: Record<string, unknown>[];
  inputs: Record<string, unknown>;
  main_messages: ChatMessage[];
  main_reply: string;
  extraction_messages: ChatMessage[];
  extraction_reply: string;
  result: Record<string, unknown>[];
}
const golden = (name: string): Golden =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures/dspy', `${name}.golden.json`), 'utf8'));

@Signature('Answer the math question.')
class Extract {
  @InputField() question!: string;
  @OutputField() reasoning!: string;
  @OutputField({ type: T.int }) answer!: number;
  @OutputField({ desc: 'topics', type: () => [String] }) tags!: string[];
}

@Signature('Answer the question briefly.')
class QA {
  @InputField({ desc: 'facts', type: () => [String] }) context!: string[];
  @InputField() question!: string;
  @OutputField({ desc: 'a short answer' }) answer!: string;
}

describe.each([
  ['two-step-math', Extract],
  ['two-step-qa', QA],
] as const)('TwoStepAdapter golden from Python DSPy 3.4.1: %s', (name, cls) => {
  const g = golden(name);

  it('sends byte-identical messages to the main LM and the extraction model, and gives the same result', async () => {
    const main = new ScriptedLM(g.main_reply, { model: 'main' });
    const extraction = new ScriptedLM(g.extraction_reply, { model: 'extraction' });
    const adapter = new TwoStepAdapter(extraction);
    expect(adapter.format(getSignature(cls), g.demos, g.inputs)).toEqual(g.main_messages);
    const { completions } = await adapter.call({
      lm: main,
      options: {},
      signature: getSignature(cls),
      demos: g.demos,
      inputs: g.inputs,
    });
    expect(main.calls[0]!.messages).toEqual(g.main_messages);
    expect(extraction.calls[0]!.messages).toEqual(g.extraction_messages);
    expect(completions).toEqual(g.result);
  });
});

// DSPy's tests/adapters/test_two_step_adapter.py, ported.
describe('TwoStepAdapter (DSPy tests)', () => {
  const head = (inputs: string, outputs: string, instructions: string) =>
    'You are a helpful assistant that can solve tasks based on user input.\n' +
    `As input, you will be provided with:\n${inputs}\nYour outputs must contain:\n${outputs}\n` +
    'You should lay out your outputs in detail so that your answer can be understood by another agent\n' +
    `Specific instructions: ${instructions}`;

  it('test_two_step_adapter_format_exact_messages_for_simple_signature_with_demo', () => {
    const adapter = new TwoStepAdapter(new ScriptedLM({ answer: 'x' }));
    const messages = adapter.format(getSignature('question -> answer'), [{ question: 'Q1', answer: 'A1' }], {
      question: 'Q2',
    });
    expect(messages).toEqual([
      {
        role: 'system',
        content: head(
          '1. `question` (str):',
          '1. `answer` (str):',
          'Given the fields `question`, produce the fields `answer`.',
        ),
      },
      { role: 'user', content: 'question: Q1' },
      { role: 'assistant', content: 'answer: A1' },
      { role: 'user', content: 'question: Q2' },
    ]);
  });

  it('test_two_step_adapter_format_exact_messages_with_typed_outputs', () => {
    const adapter = new TwoStepAdapter(new ScriptedLM({ answer: 'x' }));
    const messages = adapter.format(getSignature('question -> count: int, answer'), [], { question: 'Q' });
    expect(messages).toEqual([
      {
        role: 'system',
        content: head(
          '1. `question` (str):',
          '1. `count` (int): \n2. `answer` (str):',
          'Given the fields `question`, produce the fields `count`, `answer`.',
        ),
      },
      { role: 'user', content: 'question: Q' },
    ]);
  });

  it('test_two_step_adapter_call', async () => {
    @Signature()
    class TestSignature {
      @InputField({ desc: 'The math question to solve' }) question!: string;
      @OutputField({ desc: 'Step by step solution' }) solution!: string;
      @OutputField({ desc: 'The final numerical answer' }) answer!: number;
    }
    const main = new ScriptedLM('text from main LM', { model: 'main' });
    const extraction = new ScriptedLM('\n[[ ## solution ## ]] result\n[[ ## answer ## ]] 12\n[[ ## completed ## ]]\n', {
      model: 'extraction',
    });
    const program = new Predict(TestSignature);
    program.lm = main;
    program.adapter = new TwoStepAdapter(extraction);
    const result = await program.call({ question: 'What is 5 + 7?' });
    expect(result.answer).toBe(12);

    expect(main.calls).toHaveLength(1);
    const [system, user] = main.calls[0]!.messages;
    expect(main.calls[0]!.messages).toHaveLength(2);
    expect(system!.role).toBe('system');
    expect(system!.content).toContain('1. `question` (str)');
    expect(system!.content).toContain('1. `solution` (str)');
    expect(system!.content).toContain('2. `answer` (float)');
    expect(user!.role).toBe('user');
    expect(String(user!.content).toLowerCase()).toContain('question:');
    expect(user!.content).toContain('What is 5 + 7?');

    expect(extraction.calls).toHaveLength(1);
    const [xSystem, xUser] = extraction.calls[0]!.messages;
    expect(extraction.calls[0]!.messages).toHaveLength(2);
    expect(xSystem!.content).toContain('`text` (str)');
    expect(xSystem!.content).toContain('`solution` (str)');
    expect(xSystem!.content).toContain('`answer` (float)');
    expect(xUser!.content).toContain('text from main LM');
  });

  it('test_two_step_adapter_parse (the extraction reply is JSON: ChatAdapter falls back to JSONAdapter)', async () => {
    const reply =
      '\n        {\n            "tags": ["AI", "deep learning", "neural networks"],\n            "confidence": 0.87\n        }\n    ';
    const adapter = new TwoStepAdapter(new ScriptedLM(reply, { model: 'extraction' }));
    const sig = getSignature('input_text -> tags: list[str], confidence: float');
    const result = await adapter.parseAsync(sig, 'main LM response');
    expect(result.tags).toEqual(['AI', 'deep learning', 'neural networks']);
    expect(result.confidence).toBe(0.87);
  });

  it('test_two_step_adapter_parse_errors', async () => {
    const adapter = new TwoStepAdapter(new ScriptedLM('invalid response', { model: 'extraction' }));
    const err = await adapter
      .parseAsync(getSignature('question -> answer'), 'main LM response')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterParseError);
    expect((err as AdapterParseError).adapterName).toBe('TwoStepAdapter');
    expect((err as Error).message).toMatch(/Failed to parse response/);
  });

  it('a History input prints as DSPy prints the pydantic model (str(history))', () => {
    const adapter = new TwoStepAdapter(new ScriptedLM('x'));
    const messages = adapter.format(getSignature('history: History, question -> answer'), [], {
      history: new History([{ question: 'q', answer: 'a' }]),
      question: 'Q',
    });
    // DSPy 3.4.1: {'role': 'user', 'content': "history: messages=[{'question': 'q', 'answer': 'a'}]\n\nquestion: Q"}
    expect(messages.at(-1)).toEqual({
      role: 'user',
      content: "history: messages=[{'question': 'q', 'answer': 'a'}]\n\nquestion: Q",
    });
  });

  it('needs a LanguageModel as extraction model; parse() points to parseAsync', () => {
    expect(() => new TwoStepAdapter({} as never)).toThrow(DspyError);
    expect(() => new TwoStepAdapter(new ScriptedLM('x')).parse()).toThrow(/parseAsync/);
  });
});
