import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsString, ValidateNested } from 'class-validator';
import { ChatAdapter } from './chat-adapter';
import { History, HISTORY_TYPE } from '../types/history';
import { formatMessagesAndOptions, inp, out, sig } from './testing-signatures';

// Expected strings are DSPy 3.3.1's, from tests/adapters/test_chat_adapter.py (conformance vectors 1–8).

const T = {
  str: { kind: 'string' } as const,
  float: { kind: 'number', integer: false } as const,
};

describe('ChatAdapter.format — exact messages (DSPy conformance)', () => {
  it('simple signature with instructions (vector 1)', async () => {
    const QA = sig([inp('question'), out('answer')], 'Answer the question.', 'QA');
    const { messages, options } = await formatMessagesAndOptions(new ChatAdapter(), QA, [], {
      question: 'What is the capital of France?',
    });
    expect(options).toEqual({});
    expect(messages).toEqual([
      {
        role: 'system',
        content:
          'Your input fields are:\n1. `question` (str):\nYour output fields are:\n1. `answer` (str):\n' +
          'All interactions will be structured in the following way, with the appropriate values filled in.\n\n' +
          '[[ ## question ## ]]\n{question}\n\n[[ ## answer ## ]]\n{answer}\n\n[[ ## completed ## ]]\n' +
          'In adhering to this structure, your objective is: \n        Answer the question.',
      },
      {
        role: 'user',
        content:
          '[[ ## question ## ]]\nWhat is the capital of France?\n\n' +
          'Respond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.',
      },
    ]);
  });

  const multiAnswer = () =>
    sig(
      [
        inp('question'),
        out('answers', { kind: 'array', items: T.str }),
        out('scores', { kind: 'array', items: T.float }),
      ],
      'Answer the question with multiple answers and scores',
      'MultiAnswer',
    );
  const multiAnswerSystem =
    'Your input fields are:\n1. `question` (str):\nYour output fields are:\n1. `answers` (list[str]): \n2. `scores` (list[float]):\n' +
    'All interactions will be structured in the following way, with the appropriate values filled in.\n\n' +
    '[[ ## question ## ]]\n{question}\n\n' +
    '[[ ## answers ## ]]\n{answers}        # note: the value you produce must adhere to the JSON schema: {"type": "array", "items": {"type": "string"}}\n\n' +
    '[[ ## scores ## ]]\n{scores}        # note: the value you produce must adhere to the JSON schema: {"type": "array", "items": {"type": "number"}}\n\n' +
    '[[ ## completed ## ]]\n' +
    'In adhering to this structure, your objective is: \n        Answer the question with multiple answers and scores';

  it('demo and typed list outputs (vector 2)', async () => {
    const { messages, options } = await formatMessagesAndOptions(
      new ChatAdapter(),
      multiAnswer(),
      [{ question: 'Q1', answers: ['A1', 'A2'], scores: [0.1, 0.9] }],
      { question: 'Q2' },
    );
    expect(options).toEqual({});
    expect(messages).toEqual([
      { role: 'system', content: multiAnswerSystem },
      { role: 'user', content: '[[ ## question ## ]]\nQ1' },
      {
        role: 'assistant',
        content: '[[ ## answers ## ]]\n["A1", "A2"]\n\n[[ ## scores ## ]]\n[0.1, 0.9]\n\n[[ ## completed ## ]]\n',
      },
      {
        role: 'user',
        content:
          '[[ ## question ## ]]\nQ2\n\n' +
          'Respond with the corresponding output fields, starting with the field `[[ ## answers ## ]]` (must be formatted as a valid Python list[str]), ' +
          'then `[[ ## scores ## ]]` (must be formatted as a valid Python list[float]), and then ending with the marker for `[[ ## completed ## ]]`.',
      },
    ]);
  });

  it('formatSystemMessage alone (vector 8)', () => {
    expect(new ChatAdapter().formatSystemMessage(multiAnswer())).toBe(multiAnswerSystem);
  });

  it('nested models: input as compact JSON, output schema with titles (vector 3)', async () => {
    class Address {
      @IsString() city!: string;
      @IsString() country!: string;
    }
    class Person {
      @IsString() name!: string;
      @ValidateNested() @Type(() => Address) address!: Address;
      @IsArray() @IsString({ each: true }) tags!: string[];
    }
    class Summary {
      @IsString() headline!: string;
      @IsNumber() score!: number;
    }
    const S = sig(
      [
        inp('person', { kind: 'class', name: 'Person', cls: Person }),
        out('summary', { kind: 'class', name: 'Summary', cls: Summary }),
      ],
      undefined,
      'PydanticSignature',
    );
    const person = Object.assign(new Person(), {
      name: 'Ada',
      address: Object.assign(new Address(), { city: 'London', country: 'UK' }),
      tags: ['math', 'code'],
    });
    const { messages, options } = await formatMessagesAndOptions(new ChatAdapter(), S, [], { person });
    expect(options).toEqual({});
    expect(messages).toEqual([
      {
        role: 'system',
        content:
          'Your input fields are:\n1. `person` (Person):\nYour output fields are:\n1. `summary` (Summary):\n' +
          'All interactions will be structured in the following way, with the appropriate values filled in.\n\n' +
          '[[ ## person ## ]]\n{person}\n\n' +
          '[[ ## summary ## ]]\n{summary}        # note: the value you produce must adhere to the JSON schema: ' +
          '{"type": "object", "properties": {"headline": {"type": "string", "title": "Headline"}, "score": {"type": "number", "title": "Score"}}, "required": ["headline", "score"], "title": "Summary"}\n\n' +
          '[[ ## completed ## ]]\n' +
          'In adhering to this structure, your objective is: \n        Given the fields `person`, produce the fields `summary`.',
      },
      {
        role: 'user',
        content:
          '[[ ## person ## ]]\n{"name": "Ada", "address": {"city": "London", "country": "UK"}, "tags": ["math", "code"]}\n\n' +
          'Respond with the corresponding output fields, starting with the field `[[ ## summary ## ]]` (must be formatted as a valid Python Summary), and then ending with the marker for `[[ ## completed ## ]]`.',
      },
    ]);
  });

  it('incomplete demo: prefix, missing input omitted, missing output supplied (vector 4)', async () => {
    const S = sig(
      [inp('question'), inp('context'), out('answer'), out('confidence', T.float)],
      undefined,
      'IncompleteDemoSignature',
    );
    const { messages } = await formatMessagesAndOptions(new ChatAdapter(), S, [{ question: 'Q1', answer: 'A1' }], {
      question: 'Q2',
      context: 'C2',
    });
    expect(messages).toEqual([
      {
        role: 'system',
        content:
          'Your input fields are:\n1. `question` (str): \n2. `context` (str):\nYour output fields are:\n1. `answer` (str): \n2. `confidence` (float):\n' +
          'All interactions will be structured in the following way, with the appropriate values filled in.\n\n' +
          '[[ ## question ## ]]\n{question}\n\n[[ ## context ## ]]\n{context}\n\n[[ ## answer ## ]]\n{answer}\n\n' +
          '[[ ## confidence ## ]]\n{confidence}        # note: the value you produce must be a single float value\n\n' +
          '[[ ## completed ## ]]\n' +
          'In adhering to this structure, your objective is: \n        Given the fields `question`, `context`, produce the fields `answer`, `confidence`.',
      },
      {
        role: 'user',
        content:
          'This is an example of the task, though some input or output fields are not supplied.\n\n[[ ## question ## ]]\nQ1',
      },
      {
        role: 'assistant',
        content:
          '[[ ## answer ## ]]\nA1\n\n[[ ## confidence ## ]]\nNot supplied for this particular example.\n\n[[ ## completed ## ]]\n',
      },
      {
        role: 'user',
        content:
          '[[ ## question ## ]]\nQ2\n\n[[ ## context ## ]]\nC2\n\n' +
          'Respond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, then `[[ ## confidence ## ]]` (must be formatted as a valid Python float), and then ending with the marker for `[[ ## completed ## ]]`.',
      },
    ]);
  });

  it('incomplete demos come before complete ones; demos without an input or an output are dropped', () => {
    const S = sig([inp('question'), out('answer')]);
    const messages = new ChatAdapter().format(
      S,
      [{ question: 'Q1', answer: 'A1' }, { question: 'Q2' }, { answer: 'A3' }, { question: null, answer: 'A4' }],
      { question: 'Q' },
    );
    expect(messages.map((m) => m.content)).toEqual([
      expect.any(String),
      'This is an example of the task, though some input or output fields are not supplied.\n\n[[ ## question ## ]]\nNone',
      '[[ ## answer ## ]]\nA4\n\n[[ ## completed ## ]]\n',
      '[[ ## question ## ]]\nQ1',
      '[[ ## answer ## ]]\nA1\n\n[[ ## completed ## ]]\n',
      expect.stringContaining('[[ ## question ## ]]\nQ\n\nRespond'),
    ]);
  });

  it('history messages become user/assistant turns (with the output reminder, DSPy 3.4.1) before the current input (vector 5)', async () => {
    const S = sig([inp('history', HISTORY_TYPE), inp('question'), out('answer')], undefined, 'HistorySignature');
    const history = new History([
      { question: 'What is 1+1?', answer: '2' },
      { question: 'What is 2+2?', answer: '4' },
    ]);
    const { messages } = await formatMessagesAndOptions(new ChatAdapter(), S, [], {
      history,
      question: 'What is 3+3?',
    });
    expect(messages).toEqual([
      {
        role: 'system',
        content:
          'Your input fields are:\n1. `history` (History): \n2. `question` (str):\nYour output fields are:\n1. `answer` (str):\n' +
          'All interactions will be structured in the following way, with the appropriate values filled in.\n\n' +
          '[[ ## history ## ]]\n{history}\n\n[[ ## question ## ]]\n{question}\n\n[[ ## answer ## ]]\n{answer}\n\n[[ ## completed ## ]]\n' +
          'In adhering to this structure, your objective is: \n        Given the fields `history`, `question`, produce the fields `answer`.',
      },
      {
        role: 'user',
        content:
          '[[ ## question ## ]]\nWhat is 1+1?\n\nRespond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.',
      },
      { role: 'assistant', content: '[[ ## answer ## ]]\n2\n\n[[ ## completed ## ]]\n' },
      {
        role: 'user',
        content:
          '[[ ## question ## ]]\nWhat is 2+2?\n\nRespond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.',
      },
      { role: 'assistant', content: '[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]\n' },
      {
        role: 'user',
        content:
          '[[ ## question ## ]]\nWhat is 3+3?\n\n' +
          'Respond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.',
      },
    ]);
  });

  it('a list given to a str input becomes a numbered «» list (vector 6)', async () => {
    const S = sig([inp('context'), out('answer')], undefined, 'ListAsStringSignature');
    const { messages } = await formatMessagesAndOptions(new ChatAdapter(), S, [], { context: ['alpha', 'beta'] });
    expect(messages[1]).toEqual({
      role: 'user',
      content:
        '[[ ## context ## ]]\n[1] «alpha»\n[2] «beta»\n\n' +
        'Respond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.',
    });
  });

  it('literal output: type name and exact-match note (vector 7)', async () => {
    const S = sig(
      [inp('question'), out('verdict', { kind: 'literal', values: ['yes', 'no'] })],
      undefined,
      'LiteralSignature',
    );
    const { messages } = await formatMessagesAndOptions(new ChatAdapter(), S, [], { question: 'Is the sky blue?' });
    expect(messages).toEqual([
      {
        role: 'system',
        content:
          "Your input fields are:\n1. `question` (str):\nYour output fields are:\n1. `verdict` (Literal['yes', 'no']):\n" +
          'All interactions will be structured in the following way, with the appropriate values filled in.\n\n' +
          '[[ ## question ## ]]\n{question}\n\n' +
          '[[ ## verdict ## ]]\n{verdict}        # note: the value you produce must exactly match (no extra characters) one of: yes; no\n\n' +
          '[[ ## completed ## ]]\n' +
          'In adhering to this structure, your objective is: \n        Given the fields `question`, produce the fields `verdict`.',
      },
      {
        role: 'user',
        content:
          '[[ ## question ## ]]\nIs the sky blue?\n\n' +
          "Respond with the corresponding output fields, starting with the field `[[ ## verdict ## ]]` (must be formatted as a valid Python Literal['yes', 'no']), and then ending with the marker for `[[ ## completed ## ]]`.",
      },
    ]);
  });

  it('field descriptions and constraints (test_chat_adapter_signature_information)', () => {
    const S = sig([
      inp('input1', T.str, { desc: 'String Input' }),
      inp(
        'input2',
        { kind: 'number', integer: true },
        { desc: 'Integer Input', constraints: 'greater than or equal to: 0' },
      ),
      out('output', T.str, { desc: 'String Output' }),
    ]);
    const system = new ChatAdapter().formatSystemMessage(S);
    expect(system).toContain(
      'Your input fields are:\n1. `input1` (str): String Input\n2. `input2` (int): Integer Input\nConstraints: greater than or equal to: 0\nYour output fields are:\n1. `output` (str): String Output\n',
    );
    expect(system).toContain(
      '[[ ## input1 ## ]]\n{input1}\n\n[[ ## input2 ## ]]\n{input2}\n\n[[ ## output ## ]]\n{output}',
    );
  });

  it('optional outputs print as Union[..., NoneType] with an anyOf schema', () => {
    const S = sig([inp('q'), out('note', T.str, { optional: true })]);
    const adapter = new ChatAdapter();
    expect(adapter.formatSystemMessage(S)).toContain('1. `note` (Union[str, NoneType]):\n');
    expect(adapter.formatSystemMessage(S)).toContain(
      '{note}        # note: the value you produce must adhere to the JSON schema: {"anyOf": [{"type": "string"}, {"type": "null"}]}',
    );
  });

  it('multi-line instructions are indented line by line', () => {
    const S = sig([inp('q'), out('a')], 'Line one.\n\nLine two.');
    expect(new ChatAdapter().formatSystemMessage(S)).toMatch(/objective is: \n {8}Line one\.\n {8}\n {8}Line two\.$/);
  });

  it('caches the system message per signature', () => {
    const S = sig([inp('q'), out('a')]);
    const adapter = new ChatAdapter();
    expect(adapter.formatSystemMessage(S)).toBe(new ChatAdapter().formatSystemMessage(S));
  });

  it('drops native tools from the LM options unless asked to keep them', async () => {
    const S = sig([inp('q'), out('a')]);
    const tools = [{ name: 't', description: 'd', parameters: {} }];
    expect(
      (await formatMessagesAndOptions(new ChatAdapter(), S, [], { q: 'x' }, { tools, temperature: 0 })).options,
    ).toEqual({ temperature: 0 });
    expect(
      (
        await formatMessagesAndOptions(
          new ChatAdapter({ useNativeFunctionCalling: true }),
          S,
          [],
          { q: 'x' },
          { tools },
        )
      ).options,
    ).toEqual({ tools });
  });
});
