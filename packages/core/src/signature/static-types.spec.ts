import { getSignature } from './signature-of';
import type { SignatureSpec } from './signature-spec';
import type { StringSignatureInputs, StringSignatureOutputs } from './static-types';
import { signature } from './string-signature';

// Type-level tests: `tsc -b` fails when a line's types differ; jest only runs the no-op calls.
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<_T extends true>(): void {}
type In<S> = S extends SignatureSpec<infer I, any> ? I : never;
type Out<S> = S extends SignatureSpec<any, infer O> ? O : never;

describe('static types of string signatures', () => {
  it('infers scalars, untyped fields and the spec type from signature()', () => {
    const s = signature('question, context: str -> answer: int');
    expectType<Equal<In<typeof s>, { question: string; context: string }>>();
    expectType<Equal<Out<typeof s>, { answer: number }>>();
    const viaGet = () => getSignature('q -> ok: bool');
    expectType<Equal<Out<ReturnType<typeof viaGet>>, { ok: boolean }>>();
    expect(s.outputFields[0]!.name).toBe('answer');
  });

  it('covers the Python vocabulary', () => {
    type S =
      "a: int, b: float, c: bool, d: str, e: list[int], f: dict[str, float], g: Literal['x', 'y'], h: Optional[int], i: int | None, j: list[dict[str, list[str]]] -> o: Any, p: tuple[str, int], q: Literal[1, 2], r: Union[int, str], s: None | str, t: Literal[True]";
    expectType<
      Equal<
        StringSignatureInputs<S>,
        {
          a: number;
          b: number;
          c: boolean;
          d: string;
          e: number[];
          f: Record<string, number>;
          g: 'x' | 'y';
          j: Record<string, string[]>[];
          h?: number | null;
          i?: number | null;
        }
      >
    >();
    expectType<
      // A missing optional output is `null` (Python's None), and its key is always there.
      Equal<
        StringSignatureOutputs<S>,
        { o: unknown; p: unknown[]; q: 1 | 2; r: number | string; t: true; s: string | null }
      >
    >();
  });

  it('covers the TS vocabulary', () => {
    type S =
      "a: string, b: number, c: boolean, d: string[], e: Array<number>, f: Record<string, boolean>, g: 'x' | 'y', h?: string, i: string | null, j: number[][] -> k: any, l: (string | number)[]";
    expectType<
      Equal<
        StringSignatureInputs<S>,
        {
          a: string;
          b: number;
          c: boolean;
          d: string[];
          e: number[];
          f: Record<string, boolean>;
          g: 'x' | 'y';
          j: number[][];
          h?: string | null;
          i?: string | null;
        }
      >
    >();
    expectType<Equal<StringSignatureOutputs<S>, { k: unknown; l: (string | number)[] }>>();
    expectType<
      Equal<StringSignatureOutputs<'q -> a?: string, b: int | None'>, { a: string | null; b: number | null }>
    >();
  });

  it('degrades to unknown / Record for what it cannot parse', () => {
    expectType<Equal<StringSignatureOutputs<'q -> a: Foo'>, { a: unknown }>>();
    expectType<Equal<keyof StringSignatureInputs<' -> a'>, never>>();
    expectType<Equal<StringSignatureInputs<string>, Record<string, unknown>>>();
    expectType<Equal<StringSignatureOutputs<'no arrow'>, Record<string, unknown>>>();
    // @ts-expect-error a mismatch must fail type-checking
    expectType<Equal<StringSignatureOutputs<'q -> a: int'>, { a: string }>>();
  });

  it('types a class signature as Partial<C> in, C out', () => {
    class QA {
      question!: string;
      answer!: number;
    }
    const specOf = () => getSignature(QA); // never called: QA is not decorated
    type Spec = ReturnType<typeof specOf>;
    expectType<Equal<In<Spec>, Partial<QA>>>();
    expectType<Equal<Out<Spec>, QA>>();
  });
});
