import {
  type Adapter,
  AdapterParseError,
  ChatAdapter,
  type FieldSpec,
  JSONAdapter,
  SignatureSpec,
  type TypeRef,
} from '@dspy-ts/core';
import { DummyLM } from './dummy-lm';

const field = (
  name: string,
  role: FieldSpec['role'],
  type: TypeRef = { kind: 'string' },
  extra: Partial<FieldSpec> = {},
): FieldSpec => ({
  name,
  role,
  type,
  desc: `\${${name}}`,
  prefix: `${name}:`,
  optional: false,
  hasDefault: false,
  ...extra,
});
const qa = () =>
  new SignatureSpec({ name: 'StringSignature', fields: [field('question', 'input'), field('answer', 'output')] });
const run = (
  lm: DummyLM,
  adapter: Adapter = new ChatAdapter(),
  signature = qa(),
  inputs: Record<string, unknown> = { question: 'What is the capital of France?' },
  demos: Record<string, unknown>[] = [],
  n?: number,
) => adapter.call({ lm, options: n ? { n } : {}, signature, demos, inputs });

describe('DummyLM', () => {
  it('answers through ChatAdapter (test_chat_adapter_sync_call, vector 9)', async () => {
    expect((await run(new DummyLM([{ answer: 'Paris' }]))).completions).toEqual([{ answer: 'Paris' }]);
  });

  it('renders JSON when given JSONAdapter (test_json_adapter_sync_call)', async () => {
    const adapter = new JSONAdapter();
    const lm = new DummyLM([{ answer: 'Paris', tags: ['a', 'b'] }], { adapter });
    const response = await lm.call([{ role: 'user', content: 'x' }]);
    expect(response.outputs[0]!.text).toBe('{\n  "answer": "Paris",\n  "tags": [\n    "a",\n    "b"\n  ]\n}');
    expect((await run(new DummyLM([{ answer: 'Paris' }], { adapter }), adapter)).completions).toEqual([
      { answer: 'Paris' },
    ]);
  });

  it('list mode: answers in order, then the "No more responses" sentinel answer', async () => {
    const lm = new DummyLM([{ answer: 'red' }, { answer: 'blue' }]);
    const texts = [];
    for (let i = 0; i < 3; i++) texts.push((await lm.call([{ role: 'user', content: 'q' }])).outputs[0]!.text);
    expect(texts).toEqual([
      '[[ ## answer ## ]]\nred',
      '[[ ## answer ## ]]\nblue',
      '[[ ## answer ## ]]\nNo more responses',
    ]);
  });

  it('renders several fields joined by blank lines, lists as JSON, without [[ ## completed ## ]]', async () => {
    const lm = new DummyLM([{ reasoning: 'think', answer: ['x', 'y'], n: 2 }]);
    expect((await lm.call([{ role: 'user', content: 'q' }])).outputs[0]!.text).toBe(
      '[[ ## reasoning ## ]]\nthink\n\n[[ ## answer ## ]]\n["x", "y"]\n\n[[ ## n ## ]]\n2',
    );
  });

  it('n > 1 consumes one answer per completion', async () => {
    const lm = new DummyLM([{ answer: 'first' }, { answer: 'second' }]);
    expect((await run(lm, new ChatAdapter(), qa(), { question: 'q' }, [], 2)).completions).toEqual([
      { answer: 'first' },
      { answer: 'second' },
    ]);
  });

  it('dict mode: the first key found in the last message wins; no match is raw "No more responses"', async () => {
    const lm = new DummyLM({
      'capital of France': { answer: 'Paris' },
      France: { answer: 'wrong' },
      Germany: { answer: 'Berlin' },
    });
    expect((await run(lm)).completions).toEqual([{ answer: 'Paris' }]);
    expect((await run(lm, new ChatAdapter(), qa(), { question: 'Capital of Germany?' })).completions).toEqual([
      { answer: 'Berlin' },
    ]);
    expect((await lm.call([{ role: 'user', content: 'Spain?' }])).outputs[0]!.text).toBe('No more responses');
    await expect(run(lm, new ChatAdapter(), qa(), { question: 'Spain?' })).rejects.toBeInstanceOf(AdapterParseError);
  });

  it('a ChatAdapter retry through JSONAdapter consumes the next answer (vector 16)', async () => {
    const S = new SignatureSpec({
      name: 'OptionalOutputSignature',
      fields: [
        field('question', 'input'),
        field('answer', 'output'),
        field('note', 'output', { kind: 'string' }, { optional: true, hasDefault: true, default: 'No note' }),
        field('tags', 'output', { kind: 'array', items: { kind: 'string' } }, { hasDefault: true, default: [] }),
        field('maybe', 'output', { kind: 'string' }, { optional: true }),
      ],
    });
    const failing = new DummyLM([{ note: 'present' }, { note: 'present' }, { answer: 'untouched' }]);
    await expect(run(failing, new ChatAdapter(), S, { question: 'anything' })).rejects.toBeInstanceOf(
      AdapterParseError,
    );
    expect(failing.history.entries).toHaveLength(2);

    const defaults = await run(new DummyLM([{ answer: '42' }]), new ChatAdapter(), S, { question: 'anything' });
    expect(defaults.completions).toEqual([{ answer: '42', note: 'No note', tags: [], maybe: null }]);
    const provided = await run(
      new DummyLM([{ answer: '42', note: 'hello', tags: '["a"]', maybe: 'yes' }]),
      new ChatAdapter(),
      S,
      { question: 'anything' },
    );
    expect(provided.completions).toEqual([{ answer: '42', note: 'hello', tags: ['a'], maybe: 'yes' }]);
  });

  it('followExamples replays the demo whose input matches the current one', async () => {
    const lm = new DummyLM([], { followExamples: true });
    const demos = [
      { question: 'What color is the sky?', answer: 'blue' },
      { question: 'What color is grass?', answer: 'green' },
    ];
    expect((await run(lm, new ChatAdapter(), qa(), { question: 'What color is the sky?' }, demos)).completions).toEqual(
      [{ answer: 'blue' }],
    );
    expect((await run(lm, new ChatAdapter(), qa(), { question: 'What color is grass?' }, demos)).completions).toEqual([
      { answer: 'green' },
    ]);
    const unmatched = await lm.call([{ role: 'user', content: '[[ ## question ## ]]\nunknown' }]);
    expect(unmatched.outputs[0]!.text).toBe('');
  });

  it('zero usage, model "dummy", history recorded, optional reasoning, no structured-output support', async () => {
    const lm = new DummyLM([{ answer: 'a' }], { reasoning: true });
    const response = await lm.call([{ role: 'user', content: 'q' }]);
    expect(response.usage).toEqual({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    expect(response.model).toBe('dummy');
    expect(response.outputs[0]!.reasoning).toBe('Some reasoning');
    expect(lm.getConvo(-1)).toEqual({ messages: [{ role: 'user', content: 'q' }], outputs: ['[[ ## answer ## ]]\na'] });
    expect(lm.capabilities).toMatchObject({ jsonSchema: false, jsonObject: false, nativeTools: false });
  });

  it('JSONAdapter sends DummyLM no responseFormat (vector 22)', async () => {
    const lm = new DummyLM([{ answer: 'Paris' }], { adapter: new JSONAdapter() });
    await run(lm, new JSONAdapter());
    expect(lm.history.entries[0]!.options).not.toHaveProperty('responseFormat');
  });
});
