import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsString, ValidateNested } from 'class-validator';
import { AdapterParseError, LmError } from '../errors/dspy-error';
import type { LmCapabilities } from '../lm/language-model';
import { JSONAdapter } from './json-adapter';
import { ScriptedLM } from '../testing';
import { formatMessagesAndOptions, inp, out, sig } from './testing-signatures';

// Expected strings are DSPy 3.3.1's, from tests/adapters/test_json_adapter.py (vectors 19–23).

const float = { kind: 'number', integer: false } as const;
const caps = (c: Partial<LmCapabilities>): LmCapabilities => ({
  jsonSchema: false,
  jsonObject: false,
  nativeTools: false,
  streaming: false,
  images: false,
  ...c,
});
const head =
  'All interactions will be structured in the following way, with the appropriate values filled in.\n\nInputs will have the following structure:\n\n';

describe('JSONAdapter.format — exact messages (DSPy conformance)', () => {
  it('simple signature (vector 19)', async () => {
    const S = sig([inp('question'), out('answer')], undefined, 'StringSignature');
    const { messages, options } = await formatMessagesAndOptions(new JSONAdapter(), S, [], {
      question: 'What is the capital of France?',
    });
    expect(options).toEqual({});
    expect(messages).toEqual([
      {
        role: 'system',
        content:
          'Your input fields are:\n1. `question` (str):\nYour output fields are:\n1. `answer` (str):\n' +
          head +
          '[[ ## question ## ]]\n{question}\n\nOutputs will be a JSON object with the following fields.\n\n{\n  "answer": "{answer}"\n}\n' +
          'In adhering to this structure, your objective is: \n        Given the fields `question`, produce the fields `answer`.',
      },
      {
        role: 'user',
        content:
          '[[ ## question ## ]]\nWhat is the capital of France?\n\nRespond with a JSON object in the following order of fields: `answer`.',
      },
    ]);
  });

  it('demo with a typed output: indented JSON, numbers stay numbers (vector 20)', async () => {
    const S = sig([inp('question'), out('answer'), out('confidence', float)], undefined, 'MultiAnswer');
    const { messages } = await formatMessagesAndOptions(
      new JSONAdapter(),
      S,
      [{ question: 'Q1', answer: 'A1', confidence: 0.9 }],
      { question: 'Q2' },
    );
    expect(messages).toEqual([
      {
        role: 'system',
        content:
          'Your input fields are:\n1. `question` (str):\nYour output fields are:\n1. `answer` (str): \n2. `confidence` (float):\n' +
          head +
          '[[ ## question ## ]]\n{question}\n\nOutputs will be a JSON object with the following fields.\n\n' +
          '{\n  "answer": "{answer}",\n  "confidence": "{confidence}        # note: the value you produce must be a single float value"\n}\n' +
          'In adhering to this structure, your objective is: \n        Given the fields `question`, produce the fields `answer`, `confidence`.',
      },
      { role: 'user', content: '[[ ## question ## ]]\nQ1' },
      { role: 'assistant', content: '{\n  "answer": "A1",\n  "confidence": 0.9\n}' },
      {
        role: 'user',
        content:
          '[[ ## question ## ]]\nQ2\n\nRespond with a JSON object in the following order of fields: `answer`, then `confidence` (must be formatted as a valid Python float).',
      },
    ]);
  });

  it('literal and enum outputs (vector 21)', async () => {
    const S = sig([
      inp('text'),
      out('decision', { kind: 'literal', values: ['accept', 'reject'] }),
      out('label', { kind: 'enum', name: 'Label', keys: ['POSITIVE', 'NEGATIVE'], values: ['positive', 'negative'] }),
    ]);
    const { messages } = await formatMessagesAndOptions(new JSONAdapter(), S, [], { text: 'Looks good' });
    expect(messages).toEqual([
      {
        role: 'system',
        content:
          "Your input fields are:\n1. `text` (str):\nYour output fields are:\n1. `decision` (Literal['accept', 'reject']): \n2. `label` (Label):\n" +
          head +
          '[[ ## text ## ]]\n{text}\n\nOutputs will be a JSON object with the following fields.\n\n' +
          '{\n  "decision": "{decision}        # note: the value you produce must exactly match (no extra characters) one of: accept; reject",\n' +
          '  "label": "{label}        # note: the value you produce must be one of: positive; negative"\n}\n' +
          'In adhering to this structure, your objective is: \n        Given the fields `text`, produce the fields `decision`, `label`.',
      },
      {
        role: 'user',
        content:
          "[[ ## text ## ]]\nLooks good\n\nRespond with a JSON object in the following order of fields: `decision` (must be formatted as a valid Python Literal['accept', 'reject']), then `label` (must be formatted as a valid Python Label).",
      },
    ]);
  });

  it('int and mapping outputs: the schema is JSON-escaped inside the skeleton', () => {
    const S = sig([
      inp('question'),
      out('count', { kind: 'number', integer: true }),
      out('metadata', { kind: 'dict', values: { kind: 'number', integer: true } }),
    ]);
    expect(new JSONAdapter().formatSystemMessage(S)).toContain(
      '{\n  "count": "{count}        # note: the value you produce must be a single int value",\n' +
        '  "metadata": "{metadata}        # note: the value you produce must adhere to the JSON schema: {\\"type\\": \\"object\\", \\"additionalProperties\\": {\\"type\\": \\"integer\\"}}"\n}',
    );
  });

  it('nested class output: $defs and $ref as pydantic writes them', () => {
    class JsonNestedAddress {
      @IsString() city!: string;
      @IsString() country!: string;
    }
    class JsonNestedSummary {
      @IsString() title!: string;
      @ValidateNested() @Type(() => JsonNestedAddress) address!: JsonNestedAddress;
      @IsArray() @IsNumber({}, { each: true }) scores!: number[];
    }
    const S = sig([
      inp('question'),
      out('summary', { kind: 'class', name: 'JsonNestedSummary', cls: JsonNestedSummary }),
    ]);
    expect(new JSONAdapter().formatSystemMessage(S)).toContain(
      '  "summary": "{summary}        # note: the value you produce must adhere to the JSON schema: {\\"type\\": \\"object\\", \\"$defs\\": {\\"JsonNestedAddress\\": ' +
        '{\\"type\\": \\"object\\", \\"properties\\": {\\"city\\": {\\"type\\": \\"string\\", \\"title\\": \\"City\\"}, \\"country\\": {\\"type\\": \\"string\\", \\"title\\": ' +
        '\\"Country\\"}}, \\"required\\": [\\"city\\", \\"country\\"], \\"title\\": \\"JsonNestedAddress\\"}}, \\"properties\\": {\\"address\\": {\\"$ref\\": ' +
        '\\"#/$defs/JsonNestedAddress\\"}, \\"scores\\": {\\"type\\": \\"array\\", \\"items\\": {\\"type\\": \\"number\\"}, \\"title\\": \\"Scores\\"}, \\"title\\": ' +
        '{\\"type\\": \\"string\\", \\"title\\": \\"Title\\"}}, \\"required\\": [\\"title\\", \\"address\\", \\"scores\\"], \\"title\\": \\"JsonNestedSummary\\"}"\n}',
    );
  });

  it('incomplete demo: the missing output keeps its trailing space inside the JSON string', async () => {
    const S = sig([inp('question'), inp('context'), out('answer'), out('score', float)]);
    const { messages } = await formatMessagesAndOptions(new JSONAdapter(), S, [{ question: 'Q1', answer: 'A1' }], {
      question: 'Q2',
      context: 'C2',
    });
    expect(messages[1]!.content).toBe(
      'This is an example of the task, though some input or output fields are not supplied.\n\n[[ ## question ## ]]\nQ1',
    );
    expect(messages[2]!.content).toBe(
      '{\n  "answer": "A1",\n  "score": "Not supplied for this particular example. "\n}',
    );
  });

  it('formatSystemMessage with list outputs (test_format_system_message)', () => {
    const S = sig(
      [
        inp('question'),
        out('answers', { kind: 'array', items: { kind: 'string' } }),
        out('scores', { kind: 'array', items: float }),
      ],
      'Answer the question with multiple answers and scores',
    );
    expect(new JSONAdapter().formatSystemMessage(S)).toBe(
      'Your input fields are:\n1. `question` (str):\nYour output fields are:\n1. `answers` (list[str]): \n2. `scores` (list[float]):\n' +
        head +
        '[[ ## question ## ]]\n{question}\n\nOutputs will be a JSON object with the following fields.\n\n{\n' +
        '  "answers": "{answers}        # note: the value you produce must adhere to the JSON schema: {\\"type\\": \\"array\\", \\"items\\": {\\"type\\": \\"string\\"}}",\n' +
        '  "scores": "{scores}        # note: the value you produce must adhere to the JSON schema: {\\"type\\": \\"array\\", \\"items\\": {\\"type\\": \\"number\\"}}"\n}\n' +
        'In adhering to this structure, your objective is: \n        Answer the question with multiple answers and scores',
    );
  });

  it('float outputs in demos print as Python floats', () => {
    const S = sig([inp('q'), out('score', float), out('n', { kind: 'number', integer: true })]);
    expect(new JSONAdapter().formatAssistantMessageContent(S, { score: 1, n: 3 })).toBe(
      '{\n  "score": 1.0,\n  "n": 3\n}',
    );
  });
});

describe('JSONAdapter.call — structured outputs', () => {
  const S = () => sig([inp('input1'), out('output1'), out('output2', { kind: 'boolean' })]);
  const reply = "{'output1': 'Test output', 'output2': True}";

  it('sends no responseFormat when the LM supports none (vector 22)', async () => {
    const lm = new ScriptedLM([reply]);
    const result = await new JSONAdapter().call({
      lm,
      options: {},
      signature: S(),
      demos: [],
      inputs: { input1: 'Test input' },
    });
    expect(result.completions).toEqual([{ output1: 'Test output', output2: true }]);
    expect(lm.calls[0]!.options).not.toHaveProperty('responseFormat');
  });

  it('sends the strict json_schema when supported', async () => {
    const lm = new ScriptedLM([reply], { capabilities: caps({ jsonSchema: true, jsonObject: true }) });
    await new JSONAdapter().call({ lm, options: {}, signature: S(), demos: [], inputs: { input1: 'x' } });
    expect(lm.calls[0]!.options.responseFormat).toEqual({
      type: 'json_schema',
      name: 'DSPyProgramOutputs',
      strict: true,
      schema: {
        type: 'object',
        properties: { output1: { type: 'string', title: 'Output1' }, output2: { type: 'boolean', title: 'Output2' } },
        required: ['output1', 'output2'],
        additionalProperties: false,
        title: 'DSPyProgramOutputs',
      },
    });
  });

  it('never makes a second call when the structured reply fails to parse (DSPy 3.4.1: format chosen before the call)', async () => {
    const lm = new ScriptedLM(['not json at all', reply], {
      capabilities: caps({ jsonSchema: true, jsonObject: true }),
    });
    const err = await new JSONAdapter()
      .call({ lm, options: {}, signature: S(), demos: [], inputs: { input1: 'x' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdapterParseError);
    expect((err as AdapterParseError).lmResponse).toBe('not json at all');
    expect(lm.calls.map((c) => c.options.responseFormat?.type)).toEqual(['json_schema']);
  });

  it('uses json_object directly for json-mode-only LMs and open-ended dict outputs; LM errors are not retried', async () => {
    const jsonOnly = new ScriptedLM([reply], { capabilities: caps({ jsonObject: true }) });
    await new JSONAdapter().call({ lm: jsonOnly, options: {}, signature: S(), demos: [], inputs: { input1: 'x' } });
    expect(jsonOnly.calls[0]!.options.responseFormat).toEqual({ type: 'json_object' });

    const withDict = sig([inp('q'), out('meta', { kind: 'dict', values: { kind: 'any' } })]);
    const full = new ScriptedLM(['{"meta": {"a": 1}}'], { capabilities: caps({ jsonSchema: true, jsonObject: true }) });
    await new JSONAdapter().call({ lm: full, options: {}, signature: withDict, demos: [], inputs: { q: 'x' } });
    expect(full.calls.map((c) => c.options.responseFormat?.type)).toEqual(['json_object']);

    const failing = new ScriptedLM([new LmError('LM_SERVER', 'boom')], {
      capabilities: caps({ jsonSchema: true, jsonObject: true }),
    });
    await expect(
      new JSONAdapter().call({ lm: failing, options: {}, signature: S(), demos: [], inputs: { input1: 'x' } }),
    ).rejects.toBeInstanceOf(LmError);
    expect(failing.calls).toHaveLength(1);
  });
});

describe('JSONAdapter.parse', () => {
  it('raises on mismatched fields, keeping the raw reply (vector 23)', async () => {
    const lm = new ScriptedLM(["{'answer1': 'Paris'}"]);
    const err = (await new JSONAdapter()
      .call({ lm, options: {}, signature: sig([inp('question'), out('answer')]), demos: [], inputs: { question: 'q' } })
      .catch((e: unknown) => e)) as AdapterParseError;
    expect(err).toBeInstanceOf(AdapterParseError);
    expect(err.adapterName).toBe('JSONAdapter');
    expect(err.lmResponse).toBe("{'answer1': 'Paris'}");
    expect(err.parsedResult).toEqual({});
    expect(err.message).toContain(
      'Expected to find output fields in the LM response: [answer]\n\nActual output fields parsed from the LM response: []',
    );
  });

  it('fills optional outputs and still requires the others (test_missing_optional_output_fields_fall_back_to_defaults)', () => {
    const S = sig([
      inp('question'),
      out('answer'),
      out('note', { kind: 'string' }, { optional: true, hasDefault: true, default: 'No note' }),
      out('maybe', { kind: 'string' }, { optional: true }),
    ]);
    expect(new JSONAdapter().parse(S, '{"answer": "42"}')).toEqual({ answer: '42', note: 'No note', maybe: null });
    expect(() => new JSONAdapter().parse(S, '{"note": "present"}')).toThrow(AdapterParseError);
  });

  it('finds the JSON object inside surrounding text, and rejects replies without one', () => {
    const S = sig([inp('q'), out('answer'), out('n', { kind: 'number', integer: true })]);
    expect(new JSONAdapter().parse(S, 'Sure! ```json\n{"answer": "Paris", "n": "3"}\n``` Hope it helps.')).toEqual({
      answer: 'Paris',
      n: 3,
    });
    expect(() => new JSONAdapter().parse(S, '[1, 2]')).toThrow(/LM response cannot be serialized to a JSON object\./);
  });

  it('turns non-string JSON values into Python str() for str fields', () => {
    const S = sig([inp('q'), out('a'), out('b'), out('c')]);
    expect(new JSONAdapter().parse(S, '{"a": 42, "b": true, "c": [1, "x"]}')).toEqual({
      a: '42',
      b: 'True',
      c: "[1, 'x']",
    });
  });
});
