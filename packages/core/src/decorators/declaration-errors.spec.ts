import { IsString } from 'class-validator';
import { DspyError } from '../errors/dspy-error';
import { T } from '../signature/type-ref';
import { getSignature } from '../signature/signature-of';
import { InputField } from './input-field.decorator';
import { OutputField } from './output-field.decorator';
import { Signature } from './signature.decorator';

/** Runs a class declaration and returns the SIGNATURE_INVALID error it throws. */
function declarationError(declare: () => unknown): DspyError {
  try {
    declare();
  } catch (err) {
    expect(DspyError.is(err, 'SIGNATURE_INVALID')).toBe(true);
    return err as DspyError;
  }
  throw new Error('the declaration did not throw');
}

describe('declaration-time errors', () => {
  it('a property marked both input and output', () => {
    const err = declarationError(() => {
      @Signature()
      class Both {
        @InputField() @OutputField() value!: string;
      }
      return Both;
    });
    expect(err.message).toBe(
      'Both.value is marked both @InputField and @OutputField. A field is either an input or an output; keep one decorator (use two properties if you need both).',
    );
    expect(err.details).toEqual({ signature: 'Both', field: 'value' });
  });

  it('the same field decorator twice', () => {
    const err = declarationError(() => {
      @Signature()
      class Twice {
        @OutputField() @OutputField({ desc: 'x' }) answer!: string;
      }
      return Twice;
    });
    expect(err.message).toMatch(/^Twice\.answer has @OutputField twice\. Keep one decorator/);
  });

  it('no output field (test_no_input_output)', () => {
    const err = declarationError(() => {
      @Signature()
      class OnlyInputs {
        @InputField() question!: string;
      }
      return OnlyInputs;
    });
    expect(err.message).toMatch(
      /^OnlyInputs has no output field\. A signature needs at least one property marked @OutputField\(\)/,
    );
  });

  it('a union type without a thunk (design:type Object)', () => {
    const err = declarationError(() => {
      @Signature()
      class Union {
        @InputField() question!: string;
        @OutputField() answer!: string | number;
      }
      return Union;
    });
    expect(err.message).toMatch(/^Union\.answer: has a type that decorators cannot see \(`design:type` is Object/);
    expect(err.message).toMatch(/Pass `type` to the field decorator, e\.g\. `type: \(\) => \[String\]`/);
  });

  it('an array without an element type', () => {
    const err = declarationError(() => {
      @Signature()
      class Tags {
        @InputField() text!: string;
        @OutputField() tags!: string[];
      }
      return Tags;
    });
    expect(err.message).toMatch(/^Tags\.tags: is an array but its element type is unknown/);
  });

  it('an array type thunk with two element types, and an unsupported type', () => {
    expect(
      declarationError(() => {
        @Signature()
        class Pair {
          @OutputField({ type: () => [String, Number] as never }) pair!: unknown[];
        }
        return Pair;
      }).message,
    ).toMatch(/^Pair\.pair: an array type must name exactly one element type, got 2\./);
    expect(
      declarationError(() => {
        @Signature()
        class When {
          @OutputField() at!: Date;
        }
        return When;
      }).message,
    ).toMatch(/^When\.at: the type Date is not supported\./);
  });

  it('a thunk that fails for another reason than a later declaration', () => {
    const err = declarationError(() => {
      @Signature()
      class Broken {
        @OutputField({
          type: () => {
            throw new TypeError('boom');
          },
        })
        answer!: string;
      }
      return Broken;
    });
    expect(err.message).toMatch(/^Broken\.answer: the type thunk threw: boom\./);
  });

  it.each(['completions', 'toDict', 'keys', 'items', 'inputs', 'withInputs', 'usage', 'then', 'dspy_uuid'])(
    'the reserved name %s',
    (name) => {
      const err = declarationError(() => {
        class Reserved {}
        OutputField()(Reserved.prototype, name);
        Signature()(Reserved);
      });
      expect(err.message).toMatch(new RegExp(`^Reserved\\.${name} uses a reserved name: .*Rename the property`));
    },
  );

  it('a validated property that is not a field (test_no_input_output2)', () => {
    const err = declarationError(() => {
      @Signature()
      class Stray {
        @OutputField() answer!: string;
        @IsString() helper!: string;
      }
      return Stray;
    });
    expect(err.message).toMatch(
      /^Stray\.helper has class-validator decorators but is neither an @InputField nor an @OutputField/,
    );
  });

  it('unknown or mistyped field options, at the decorator', () => {
    expect(
      declarationError(() => {
        class Typo {
          @OutputField({ description: 'x' } as never) answer!: string;
        }
        return Typo;
      }).message,
    ).toBe(
      'Typo.answer: @OutputField() got unknown option(s) description. Allowed: desc, prefix, type, optional, default, enumName. Use `desc` for the description.',
    );
    expect(
      declarationError(() => {
        class BadType {
          @InputField({ type: 'string' as never }) q!: string;
        }
        return BadType;
      }).message,
    ).toMatch(/^BadType\.q: @InputField\(\{ type \}\) must be a thunk/);
    expect(
      declarationError(() => {
        class BadDesc {
          @InputField({ desc: 3 as never }) q!: string;
        }
        return BadDesc;
      }).message,
    ).toMatch(/^BadDesc\.q: @InputField\(\{ desc \}\) must be a string/);
  });

  it('a static property', () => {
    expect(
      declarationError(() => {
        class Static {
          @InputField() static q: string;
        }
        return Static;
      }).message,
    ).toMatch(/^Static\.q: @InputField\(\) must decorate an instance property/);
  });

  it('bad @Signature() arguments', () => {
    expect(() => Signature(42 as never)).toThrow(
      /@Signature\(\) takes the instructions \(a string\) or \{ instructions, name \}, got number/,
    );
    expect(() => Signature({ instruction: 'x' } as never)).toThrow(/unknown option\(s\) instruction/);
  });

  it('getSignature on a class without @Signature', () => {
    class Plain {
      @InputField() q!: string;
      @OutputField({ type: T.string }) a!: string;
    }
    expect(() => getSignature(Plain)).toThrow(/^Plain is not a signature class\. Decorate it with @Signature\(\)/);
    expect(() => getSignature(42 as never)).toThrow(
      /Expected a signature: a @Signature class, a SignatureSpec or a string/,
    );
  });
});

describe('classes compiled without design:type (esbuild: tsx, vitest)', () => {
  // Decorators applied as plain calls: what esbuild's output amounts to (it never emits design:type).
  it('says why there is no type information and that explicit types work everywhere', () => {
    class NoMetadata {
      question!: string;
      answer!: string;
    }
    InputField()(NoMetadata.prototype, 'question');
    OutputField()(NoMetadata.prototype, 'answer');
    const err = declarationError(() => {
      Signature()(NoMetadata);
      return getSignature(NoMetadata);
    });
    expect(err.message).toMatch(/^NoMetadata\.question: has no type information/);
    expect(err.message).toContain('esbuild-based runners (tsx, vitest, Bun) do not, whatever tsconfig says');
    expect(err.message).toContain('`@InputField({ type: () => String })`');
  });

  it('works when every field gives its type', () => {
    class Explicit {
      question!: string;
      answer!: number;
    }
    InputField({ type: () => String })(Explicit.prototype, 'question');
    OutputField({ type: T.int })(Explicit.prototype, 'answer');
    Signature()(Explicit);
    const sig = getSignature(Explicit);
    expect(sig.outputFields.map((f) => f.name)).toEqual(['answer']);
    expect(String(sig.inputFields[0]!.name)).toBe('question');
  });
});
