import { DspyError } from '../errors/dspy-error';
import { signature } from './string-signature';
import { T } from './type-ref';

const typeOf = (sig: string, field: string) => signature(sig).field(field)!.type;

describe('signature() parsing (DSPy test_signature.py)', () => {
  it('splits inputs and outputs (test_signature_parsing)', () => {
    const s = signature('input1, input2 -> output');
    expect(s.inputFields.map((f) => f.name)).toEqual(['input1', 'input2']);
    expect(s.outputFields.map((f) => f.name)).toEqual(['output']);
    expect(s.name).toBe('StringSignature');
    expect(s.signatureString).toBe('input1, input2 -> output');
  });

  it('gives untyped fields str with typeUndefined, desc ${name} and an inferred prefix', () => {
    const f = signature('question -> answer').field('question')!;
    expect(f).toMatchObject({
      type: T.string,
      typeUndefined: true,
      desc: '${question}',
      prefix: 'Question:',
      optional: false,
      hasDefault: false,
    });
    expect(signature('q: str -> a').field('q')!.typeUndefined).toBeUndefined();
  });

  it('uses the default instructions (test_signature_instructions_none)', () => {
    expect(signature('a, b -> c').instructions).toBe('Given the fields `a`, `b`, produce the fields `c`.');
  });

  it('takes instructions as a string or in options (test_signature_instructions)', () => {
    expect(signature('input1 -> output1', 'This is a test').instructions).toBe('This is a test');
    const named = signature('input1 -> output1', { instructions: 'This is a test', name: 'Echo' });
    expect([named.instructions, named.name]).toEqual(['This is a test', 'Echo']);
  });

  it('allows an output-only signature (no inputs), as DSPy does', () => {
    expect(signature(' -> joke').inputFields).toHaveLength(0);
  });

  it('accepts a trailing comma and any whitespace', () => {
    expect(signature('  a ,\n b, ->  c ').fields.map((f) => f.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('typed string signatures (test_typed_signatures_*)', () => {
  it('basic types', () => {
    const s = signature('input1: int, input2: str -> output: float');
    expect(s.fields.map((f) => f.type)).toEqual([T.int, T.string, T.float]);
  });

  it('generics: list[int], dict[str, float], tuple[str, int]', () => {
    const s = signature('input_list: list[int], input_dict: dict[str, float] -> output_tuple: tuple[str, int]');
    expect(s.field('input_list')!.type).toEqual(T.array(T.int));
    expect(s.field('input_dict')!.type).toEqual(T.dict(T.float));
    expect(s.field('output_tuple')!.type).toEqual(T.array(T.any));
    expect(typeOf('a -> t: tuple[str, str]', 't')).toEqual(T.array(T.string));
  });

  it('PEP 604 and Optional: int | None, None | int, Optional[str], Union[int, None]', () => {
    const s = signature(
      'input1: str | None, input2: None | int, input3: Optional[str], input4: Union[int, None] -> out: int',
    );
    expect(s.inputFields.map((f) => [f.type, f.optional])).toEqual([
      [T.string, true],
      [T.int, true],
      [T.string, true],
      [T.int, true],
    ]);
    expect(s.field('out')!.optional).toBe(false);
  });

  it('TS-style types', () => {
    const s = signature(
      "a: string, b: number, c: boolean, d: string[], e: Array<number>, f: Record<string, number>, g: 'x' | 'y', h?: string, i: string | null -> o: any",
    );
    expect(s.fields.map((f) => f.type)).toEqual([
      T.string,
      T.float,
      T.boolean,
      T.array(T.string),
      T.array(T.float),
      T.dict(T.float),
      T.literal('x', 'y'),
      T.string,
      T.string,
      T.any,
    ]);
    expect(s.field('h')!.optional).toBe(true);
    expect(s.field('i')!.optional).toBe(true);
  });

  it("Literal['a', 'b'], Literal[1, 2], Literal[True], nested lists, bool and Any", () => {
    expect(typeOf("q -> a: Literal['yes', 'no']", 'a')).toEqual(T.literal('yes', 'no'));
    expect(typeOf('q -> a: Literal[1, 2]', 'a')).toEqual(T.literal(1, 2));
    expect(typeOf('q -> a: Literal[True]', 'a')).toEqual(T.literal(true));
    expect(typeOf('q -> a: list[list[str]]', 'a')).toEqual(T.array(T.array(T.string)));
    expect(typeOf('q -> a: int[][]', 'a')).toEqual(T.array(T.array(T.int)));
    expect(typeOf('q -> a: bool', 'a')).toEqual(T.boolean);
    expect(typeOf('input_any: Any -> a: Any', 'input_any')).toEqual(T.any);
    expect(typeOf('q -> a: dict[str, list[Optional[int]]]', 'a')).toEqual(T.dict(T.array(T.int)));
  });

  it('maps unions TypeRef cannot express: numbers merge, literals merge, the rest is any', () => {
    expect(typeOf('q -> a: int | float', 'a')).toEqual(T.float);
    expect(typeOf("q -> a: 'x' | Literal['y', 'z']", 'a')).toEqual(T.literal('x', 'y', 'z'));
    expect(typeOf('q -> a: Union[int, str]', 'a')).toEqual(T.any);
    expect(typeOf('q -> a: str | (int | float) | None', 'a')).toEqual(T.any);
  });

  it('keeps -> and , inside quoted literals', () => {
    expect(typeOf("q -> a: Literal['->', 'a,b']", 'a')).toEqual(T.literal('->', 'a,b'));
  });
});

describe('signature() errors (SIGNATURE_PARSE)', () => {
  const parseError = (sig: string): DspyError => {
    try {
      signature(sig);
    } catch (err) {
      expect(DspyError.is(err, 'SIGNATURE_PARSE')).toBe(true);
      return err as DspyError;
    }
    throw new Error(`'${sig}' parsed`);
  };

  it('rejects an empty signature and a missing -> (test_empty_signature)', () => {
    expect(parseError('').message).toMatch(/must contain exactly one '->' \(found none\)/);
    expect(parseError('question answer').message).toMatch(/exactly one '->'.*'question -> answer'/);
  });

  it('rejects more than one ->', () => {
    expect(parseError('a -> b -> c').message).toMatch(/exactly one '->' \(found 2\)/);
  });

  it('rejects an empty output side', () => {
    expect(parseError('question ->').message).toMatch(/no output fields after '->'/);
    expect(parseError('->').message).toMatch(/no output fields/);
  });

  it('rejects the same name as input and output (test_duplicate_input_output_field_names_raise)', () => {
    expect(parseError('value -> value').message).toMatch(/distinct names, but found duplicates: 'value'/);
    expect(parseError('a, a -> b').message).toMatch(/Field 'a' appears twice/);
  });

  it('names an unknown type and lists the vocabulary', () => {
    const err = parseError('q -> a: Foo');
    expect(err.message).toMatch(/Unknown type 'Foo'/);
    expect(err.message).toMatch(/list\[T\] \| T\[\]/);
    expect(parseError('q -> a: Foo[int]').message).toMatch(/Unknown generic type 'Foo\[...\]'/);
  });

  it('rejects bad identifiers and points at them', () => {
    expect(parseError('my-field -> a').message).toMatch(/Unexpected character '-'/);
    const err = parseError('1abc -> a');
    expect(err.message).toMatch(/Invalid field name '1'/);
    expect(err.message).toContain('\n  1abc -> a\n  ^');
    expect(parseError('a b -> c').message).toMatch(/Expected ',' between fields/);
    expect(parseError('dspy.x -> c').message).toMatch(/Invalid field name 'dspy.x'/);
  });

  it('rejects reserved names', () => {
    expect(parseError('question -> completions').message).toMatch(/'completions' is reserved/);
    expect(parseError('dspy_uuid -> a').message).toMatch(/starting with `dspy_`/);
  });

  it('rejects malformed types', () => {
    expect(parseError('q -> a: list[int').message).toMatch(/Expected '\]'/);
    expect(parseError('q -> a:').message).toMatch(/Expected a type, found the end/);
    expect(parseError('q -> a: dict[int, str]').message).toMatch(/keys must be strings/);
    expect(parseError('q -> a: list[int, str]').message).toMatch(/takes 1 type argument/);
    expect(parseError('q -> a: None').message).toMatch(/only None/);
    expect(parseError("q -> a: 'x").message).toMatch(/Unterminated string/);
  });
});
