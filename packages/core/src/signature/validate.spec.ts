import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, ValidateNested } from 'class-validator';
import { InputField } from '../decorators/input-field.decorator';
import { OutputField } from '../decorators/output-field.decorator';
import { Signature } from '../decorators/signature.decorator';
import { DspyError } from '../errors/dspy-error';
import { outputField } from './field-factory';
import { getSignature } from './signature-of';
import { signature } from './string-signature';
import { validateInputs, validateOutputs } from './validate';

function errorOf(fn: () => unknown, code: 'INPUT_INVALID' | 'OUTPUT_VALIDATION'): DspyError {
  try {
    fn();
  } catch (err) {
    expect(DspyError.is(err, code)).toBe(true);
    return err as DspyError;
  }
  throw new Error('did not throw');
}

describe('validateInputs', () => {
  const qa = signature('question, context: list[str], hint?: str -> answer');

  it('returns known inputs and reports extra keys separately', () => {
    const r = validateInputs(qa, { question: 'Why?', context: ['a'], temperature: 0.2 });
    expect(r.values).toEqual({ question: 'Why?', context: ['a'] });
    expect(r.extra).toEqual(['temperature']);
  });

  it('names the signature, the missing fields and the expected ones', () => {
    const err = errorOf(() => validateInputs(qa, { context: [] }), 'INPUT_INVALID');
    expect(err.message).toBe(
      'Signature StringSignature is missing required input field(s): question. Expected inputs: question, context, hint; provided: context. Pass every required input, e.g. { question: ... }, or declare the field optional.',
    );
    expect(err.details).toMatchObject({ missing: ['question'], provided: ['context'] });
    expect(errorOf(() => validateInputs(qa, null as never), 'INPUT_INVALID').message).toMatch(
      /must be an object with the fields question, context, hint, got null/,
    );
  });

  it('fills input defaults (copies, so a default array is never shared)', () => {
    @Signature()
    class WithDefaults {
      @InputField({ type: () => [String], default: [] }) tags!: string[];
      @InputField() q!: string;
      @OutputField() a!: string;
    }
    const spec = getSignature(WithDefaults);
    const first = validateInputs(spec, { q: 'x' }).values;
    expect(first).toEqual({ q: 'x', tags: [] });
    expect(first.tags).not.toBe(spec.field('tags')!.default);
  });
});

describe('validateOutputs on string signatures', () => {
  const sig = signature(
    "q -> n: int, x: float, ok: bool, label: Literal['yes', 'no'], tags: list[str], scores: dict[str, float], maybe: int | None, raw: Any",
  );
  const good = {
    n: 3,
    x: 0.5,
    ok: true,
    label: 'yes',
    tags: ['a'],
    scores: { a: 1 },
    maybe: null,
    raw: { any: 1 },
    extra: 'dropped',
  };

  it('returns the typed output values only', () => {
    expect(validateOutputs(sig, good)).toEqual({
      n: 3,
      x: 0.5,
      ok: true,
      label: 'yes',
      tags: ['a'],
      scores: { a: 1 },
      maybe: null,
      raw: { any: 1 },
    });
  });

  it('lists every failing field with its problem', () => {
    const err = errorOf(
      () =>
        validateOutputs(sig, { ...good, n: 2.5, label: 'maybe', tags: ['a', 3], scores: { a: 'high' }, ok: 'true' }),
      'OUTPUT_VALIDATION',
    );
    expect(err.message).toBe(
      [
        'Outputs of signature StringSignature failed validation (n, ok, label, tags, scores):',
        '  - n: must be an integer, got 2.5',
        "  - ok: must be a boolean, got 'true'",
        "  - label: must be one of 'yes', 'no', got 'maybe'",
        '  - tags[1]: must be a string, got 3',
        "  - scores.a: must be a finite number, got 'high'",
        'The values must match the output field types and validators.',
      ].join('\n'),
    );
    expect(Object.keys(err.details.errors as object)).toEqual(['n', 'ok', 'label', 'tags', 'scores']);
  });

  it('requires non-optional outputs and fills defaults of missing ones', () => {
    const err = errorOf(() => validateOutputs(signature('q -> a, b: int'), { b: null }), 'OUTPUT_VALIDATION');
    expect(err.message).toMatch(/ - a: is required but is missing\n {2}- b: is required but was null/);
    const withDefault = signature('q -> a').appendField(outputField('tags', 'list[str]', { default: [] }));
    expect(validateOutputs(withDefault, { a: 'x' })).toEqual({ a: 'x', tags: [] });
  });
});

class Citation {
  @IsUrl() url!: string;
  @IsString() title!: string;
}

@Signature('Answer with sources.')
class Cited {
  @InputField() @IsString() question!: string;
  @OutputField() @IsInt() @Min(0) @Max(10) score!: number;
  @OutputField() @IsIn(['positive', 'negative']) label!: 'positive' | 'negative';
  @OutputField() @ValidateNested({ each: true }) @Type(() => Citation) citations!: Citation[];
  @OutputField() best!: Citation;
  @OutputField() @IsOptional() @IsString() note?: string;
}

describe('validateOutputs on class signatures', () => {
  const spec = getSignature(Cited);
  const good = {
    score: 7,
    label: 'positive',
    citations: [{ url: 'https://a.example', title: 'A' }],
    best: { url: 'https://b.example', title: 'B' },
  };

  it('turns nested objects into class instances and ignores input validators', () => {
    const out = validateOutputs(spec, good);
    expect(out.citations[0]).toBeInstanceOf(Citation);
    expect(out.best).toBeInstanceOf(Citation);
    expect(out).toMatchObject({ score: 7, label: 'positive', note: null });
  });

  it("reports every field's class-validator messages, nested ones with their path", () => {
    const err = errorOf(
      () =>
        validateOutputs(spec, {
          score: 11.5,
          label: 'meh',
          citations: [{ url: 'nope', title: 'A' }],
          best: { url: 'https://b.example', title: 5 },
        }),
      'OUTPUT_VALIDATION',
    );
    expect(err.message).toMatch(/^Outputs of signature Cited failed validation \(score, label, citations, best\):/);
    expect(err.message).toContain('  - score: score must not be greater than 10');
    expect(err.message).toContain('  - score: score must be an integer number');
    expect(err.message).toContain('  - label: label must be one of the following values: positive, negative');
    expect(err.message).toContain('  - citations.0.url: url must be a URL address');
    expect(err.message).toContain('  - best.title: title must be a string');
  });

  it('validates fields added by transforms with their TypeRef', () => {
    const cot = spec.prependField(outputField('reasoning'));
    expect(validateOutputs(cot, { ...good, reasoning: 'because' }).reasoning).toBe('because');
    expect(errorOf(() => validateOutputs(cot, { ...good, reasoning: 42 }), 'OUTPUT_VALIDATION').message).toContain(
      '  - reasoning: must be a string, got 42',
    );
  });
});
