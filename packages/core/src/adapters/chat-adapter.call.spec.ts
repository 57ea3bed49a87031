import 'reflect-metadata';
import { IsIn, IsNumber, Max } from 'class-validator';
import { AdapterParseError, DspyError, LmError } from '../errors/dspy-error';
import { SignatureSpec } from '../signature/signature-spec';
import { ChatAdapter } from './chat-adapter';
import { lmOutput, ScriptedLM } from '../testing';
import { inp, out, sig } from './testing-signatures';

const qa = () => sig([inp('question'), out('answer')]);
const call = (
  adapter: ChatAdapter,
  lm: ScriptedLM,
  signature = qa(),
  inputs: Record<string, unknown> = { question: 'What is the capital of France?' },
) => adapter.call({ lm, options: {}, signature, demos: [], inputs });

describe('ChatAdapter.parse', () => {
  it('reads sections; the first occurrence of a field wins; text on the header line is kept', () => {
    const S = sig([inp('q'), out('a'), out('b')]);
    const text =
      'preamble\n[[ ## a ## ]] first\nmore\n\n[[ ## b ## ]]\nB\n[[ ## a ## ]]\nsecond\n[[ ## completed ## ]]';
    expect(new ChatAdapter().parse(S, text)).toEqual({ a: 'first\nmore', b: 'B' });
  });

  it('does not require [[ ## completed ## ]] and ignores unknown headers', () => {
    expect(new ChatAdapter().parse(qa(), '[[ ## reasoning ## ]]\nhmm\n[[ ## answer ## ]]\n  Paris  ')).toEqual({
      answer: 'Paris',
    });
  });

  it('raises AdapterParseError on a reply without the fields, keeping the raw text (vector 10)', () => {
    const text = "{'output':'mismatched value'}";
    expect(() => new ChatAdapter().parse(qa(), text)).toThrow(/^Adapter ChatAdapter failed to parse/);
    try {
      new ChatAdapter().parse(qa(), text);
    } catch (err) {
      expect(err).toBeInstanceOf(AdapterParseError);
      expect((err as AdapterParseError).lmResponse).toBe(text);
      expect((err as AdapterParseError).parsedResult).toEqual({});
      expect((err as Error).message).toContain(
        'Expected to find output fields in the LM response: [answer]\n\nActual output fields parsed from the LM response: []',
      );
    }
  });

  it('parses typed values and reports the failing field', () => {
    const S = sig([
      inp('q'),
      out('n', { kind: 'number', integer: true }),
      out('tags', { kind: 'array', items: { kind: 'string' } }),
    ]);
    expect(new ChatAdapter().parse(S, '[[ ## n ## ]]\n42\n\n[[ ## tags ## ]]\n["a", \'b\']')).toEqual({
      n: 42,
      tags: ['a', 'b'],
    });
    expect(() => new ChatAdapter().parse(S, '[[ ## n ## ]]\nmany\n\n[[ ## tags ## ]]\n[]')).toThrow(
      /Failed to parse field n with value many from the LM response\. Error message: Input should be a valid integer/,
    );
  });

  it('parses a nested class, including floats with underscores (test_chat_adapter_parses_float_with_underscores)', () => {
    class Score {
      @IsNumber() score!: number;
    }
    const S = sig([inp('question'), out('score', { kind: 'class', name: 'Score', cls: Score })]);
    const parsed = new ChatAdapter().parse(S, "[[ ## score ## ]]\n{'score': 123_456.789}\n[[ ## completed ## ]]");
    expect(parsed.score).toBeInstanceOf(Score);
    expect((parsed.score as Score).score).toBe(123456.789);
  });
});

describe('ChatAdapter.call', () => {
  it('returns one parsed completion per LM output (vector 9, n > 1)', async () => {
    const lm = new ScriptedLM(['[[ ## answer ## ]]\nParis']);
    expect((await call(new ChatAdapter(), lm)).completions).toEqual([{ answer: 'Paris' }]);
    const two = await new ChatAdapter().call({
      lm,
      options: { n: 2 },
      signature: qa(),
      demos: [],
      inputs: { question: 'q' },
    });
    expect(two.completions).toEqual([{ answer: 'Paris' }, { answer: 'Paris' }]);
    expect(two.raw).toHaveLength(2);
  });

  it('falls back to JSONAdapter when the chat format fails (vector 11)', async () => {
    const lm = new ScriptedLM(["{'answer': 'Paris'}"]);
    expect((await call(new ChatAdapter(), lm)).completions).toEqual([{ answer: 'Paris' }]);
    expect(lm.calls).toHaveLength(2);
    expect(lm.calls[1]!.messages[0]!.content).toContain('Outputs will be a JSON object with the following fields.');
  });

  it('does not fall back when useJsonAdapterFallback is false (vector 12)', async () => {
    const lm = new ScriptedLM(['nonsense']);
    await expect(call(new ChatAdapter({ useJsonAdapterFallback: false }), lm)).rejects.toBeInstanceOf(
      AdapterParseError,
    );
    expect(lm.calls).toHaveLength(1);
  });

  it('never retries LM failures', async () => {
    const lm = new ScriptedLM([new LmError('LM_CONTEXT_WINDOW', 'too long')]);
    await expect(call(new ChatAdapter(), lm)).rejects.toMatchObject({ code: 'LM_CONTEXT_WINDOW' });
    expect(lm.calls).toHaveLength(1);
  });

  it('rejects an empty reply without tool calls (vector 13)', async () => {
    for (const text of ['', undefined as unknown as string]) {
      const lm = new ScriptedLM([lmOutput({ text })]);
      const err = await call(new ChatAdapter(), lm).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AdapterParseError);
      expect((err as Error).message).toContain('The LM returned an empty or null response.');
      expect(lm.calls).toHaveLength(2); // the JSON fallback was tried too
    }
  });

  it('leaves outputs unset when the reply is native tool calls only', async () => {
    const lm = new ScriptedLM([lmOutput({ text: '', toolCalls: [{ id: 'c1', name: 'search', args: { q: 'x' } }] })]);
    const result = await call(new ChatAdapter(), lm);
    expect(result.completions).toEqual([{ answer: null }]);
    expect(result.raw[0]!.toolCalls).toHaveLength(1);
  });

  const optionalOutputs = () =>
    sig(
      [
        inp('question'),
        out('answer'),
        out('note', { kind: 'string' }, { optional: true, hasDefault: true, default: 'No note' }),
        out('tags', { kind: 'array', items: { kind: 'string' } }, { hasDefault: true, default: [] }),
        out('maybe', { kind: 'string' }, { optional: true }),
      ],
      undefined,
      'OptionalOutputSignature',
    );

  it('fills missing optional outputs from defaults (vector 14)', async () => {
    const result = await call(new ChatAdapter(), new ScriptedLM(['[[ ## answer ## ]]\n42']), optionalOutputs(), {
      question: 'anything',
    });
    expect(result.completions).toEqual([{ answer: '42', note: 'No note', tags: [], maybe: null }]);
  });

  it('lets provided values win over defaults (vector 15)', async () => {
    const reply =
      '[[ ## answer ## ]]\n42\n\n[[ ## note ## ]]\nhello\n\n[[ ## tags ## ]]\n["a"]\n\n[[ ## maybe ## ]]\nyes';
    const result = await call(new ChatAdapter(), new ScriptedLM([reply]), optionalOutputs(), { question: 'anything' });
    expect(result.completions).toEqual([{ answer: '42', note: 'hello', tags: ['a'], maybe: 'yes' }]);
  });

  it('still raises for a missing required output, after the JSON fallback (vector 16)', async () => {
    const lm = new ScriptedLM(['[[ ## note ## ]]\npresent', '{\n  "note": "present"\n}']);
    await expect(call(new ChatAdapter(), lm, optionalOutputs(), { question: 'anything' })).rejects.toBeInstanceOf(
      AdapterParseError,
    );
    expect(lm.calls).toHaveLength(2);
  });

  it('a value of the wrong type is a parse error (retried with JSONAdapter, then surfaced)', async () => {
    const S = sig([inp('q'), out('n', { kind: 'number', integer: true })]);
    const lm = new ScriptedLM(['[[ ## n ## ]]\n4.5', '{"n": 4.5}']);
    await expect(call(new ChatAdapter(), lm, S, { q: 'x' })).rejects.toBeInstanceOf(AdapterParseError);
    expect(lm.calls).toHaveLength(2);
  });

  it('runs class-validator rules of a class signature through validateOutputs (OUTPUT_VALIDATION)', async () => {
    class Rated {
      @Max(10) n!: number;
    }
    const S = new SignatureSpec({
      name: 'Rated',
      fields: [inp('q'), out('n', { kind: 'number', integer: true })],
      target: Rated,
    });
    const ok = await call(new ChatAdapter(), new ScriptedLM(['[[ ## n ## ]]\n7']), S, { q: 'x' });
    expect(ok.completions).toEqual([{ n: 7 }]);
    const lm = new ScriptedLM(['[[ ## n ## ]]\n42', '{"n": 42}']);
    const err = await call(new ChatAdapter(), lm, S, { q: 'x' }).catch((e: unknown) => e);
    expect(DspyError.is(err, 'OUTPUT_VALIDATION')).toBe(true);
    expect(lm.calls).toHaveLength(2);
  });

  it('keeps the first parse error as cause and leads with it when the JSON retry fails too (DSPy 3.4.1)', async () => {
    class Graded {
      @IsIn(['pass', 'fail']) grade!: string;
    }
    const S = new SignatureSpec({ name: 'Graded', fields: [inp('q'), out('grade')], target: Graded });
    const lm = new ScriptedLM(['[[ ## grade ## ]]\nmaybe\n\n[[ ## completed ## ]]']);
    const err = (await call(new ChatAdapter(), lm, S, { q: 'x' }).catch((e: unknown) => e)) as DspyError;
    expect(lm.calls).toHaveLength(2);
    expect(err.code).toBe('OUTPUT_VALIDATION');
    expect(DspyError.is(err.cause, 'OUTPUT_VALIDATION')).toBe(true);
    expect(err.message.startsWith((err.cause as Error).message)).toBe(true);
    expect(err.message).toMatch(/grade/);
    expect(err.message).toMatch(/must be one of the following values: pass, fail/);
    expect(err.message).toMatch(/The retry with JSONAdapter failed too: .*cannot be serialized to a JSON object/s);
  });

  it("an AdapterParseError after the retry is ChatAdapter's, with the JSON error after it", async () => {
    const lm = new ScriptedLM(['nonsense']);
    const err = (await call(new ChatAdapter(), lm).catch((e: unknown) => e)) as AdapterParseError;
    expect(err).toBeInstanceOf(AdapterParseError);
    expect(err.adapterName).toBe('ChatAdapter');
    expect(err.cause).toBeInstanceOf(AdapterParseError);
    expect((err.cause as AdapterParseError).adapterName).toBe('ChatAdapter');
    expect(err.lmResponse).toBe('nonsense');
    expect(err.message).toContain('Expected to find output fields in the LM response: [answer]');
    expect(err.message).toContain('The retry with JSONAdapter failed too: Adapter JSONAdapter failed');
  });

  it('propagates an LM error of the retry as it is', async () => {
    const lm = new ScriptedLM(['nonsense', new LmError('LM_RATE_LIMIT', 'slow down')]);
    await expect(call(new ChatAdapter(), lm)).rejects.toMatchObject({ code: 'LM_RATE_LIMIT' });
  });

  it('never retries a programming bug (a TypeError while building a value)', async () => {
    class Broken {
      constructor() {
        throw new TypeError('bug in user code');
      }
    }
    const S = sig([inp('q'), out('b', { kind: 'class', name: 'Broken', cls: Broken })]);
    const lm = new ScriptedLM(['[[ ## b ## ]]\n{"x": 1}']);
    await expect(call(new ChatAdapter(), lm, S, { q: 'x' })).rejects.toThrow(TypeError);
    expect(lm.calls).toHaveLength(1);
  });

  it('parses the string form of number and boolean literal members (DSPy 3.4.1)', () => {
    const S = sig([
      inp('q'),
      out('n', { kind: 'literal', values: [1, 2, 3] }),
      out('ok', { kind: 'literal', values: [true] }),
    ]);
    expect(new ChatAdapter().parse(S, '[[ ## n ## ]]\n2\n\n[[ ## ok ## ]]\ntrue')).toEqual({ n: 2, ok: true });
    expect(new ChatAdapter().parse(S, '[[ ## n ## ]]\n"3"\n\n[[ ## ok ## ]]\nTrue')).toEqual({ n: 3, ok: true });
    expect(new ChatAdapter().parse(S, '[[ ## n ## ]]\nLiteral[1]\n\n[[ ## ok ## ]]\nTrue')).toEqual({ n: 1, ok: true });
    expect(() => new ChatAdapter().parse(S, '[[ ## n ## ]]\n4\n\n[[ ## ok ## ]]\nTrue')).toThrow(
      'Input should be 1, 2 or 3 [input_value=4]',
    );
  });
});
