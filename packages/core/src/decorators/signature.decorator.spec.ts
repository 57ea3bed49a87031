import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  ArrayMinSize,
  IsPositive,
} from 'class-validator';
import { getSignature, isSignatureClass } from '../signature/signature-of';
import { T, type TypeRef } from '../signature/type-ref';
import { InputField } from './input-field.decorator';
import { OutputField } from './output-field.decorator';
import { Signature } from './signature.decorator';

enum Mood {
  Happy = 'happy',
  Sad = 'sad',
}
enum Level {
  Low,
  High,
}
const MOOD: TypeRef = { kind: 'enum', name: 'Mood', keys: ['Happy', 'Sad'], values: ['happy', 'sad'] };

/** What @swc/jest emits for an enum imported from another file: the enum object itself. */
const designType =
  (type: unknown): PropertyDecorator =>
  (target, key) =>
    Reflect.defineMetadata('design:type', type, target, key);

class Citation {
  @IsString() url!: string;
}

@Signature('Answer with types.')
class Typed {
  @InputField() text!: string;
  @OutputField() @IsInt() count!: number;
  @OutputField() score!: number;
  @OutputField() flag!: boolean;
  @OutputField() @IsIn(['yes', 'no']) answer!: 'yes' | 'no';
  @OutputField({ type: T.literal('a', 'b') }) choice!: 'a' | 'b';
  @OutputField() @IsEnum(Mood) mood!: Mood;
  @OutputField({ type: () => Mood, enumName: 'Feeling' }) feeling!: Mood;
  @OutputField() @designType(Mood) swcMood!: Mood;
  @OutputField() @IsEnum(Level) level!: Level;
  @OutputField() @IsString({ each: true }) tags!: string[];
  @OutputField() @IsInt({ each: true }) ids!: number[];
  @OutputField() @IsNumber({}, { each: true }) weights!: number[];
  @OutputField() @IsBoolean({ each: true }) checks!: boolean[];
  @OutputField() @IsIn(['x', 'y'], { each: true }) picks!: ('x' | 'y')[];
  @OutputField() @IsEnum(Mood, { each: true }) moods!: Mood[];
  @OutputField({ type: () => [String] }) names!: string[];
  @OutputField({ type: () => [T.int] }) ranks!: number[];
  @OutputField() source!: Citation;
  @OutputField() @ValidateNested() @Type(() => Citation) cite!: Citation;
  @OutputField() @ValidateNested({ each: true }) @Type(() => Citation) citations!: Citation[];
  @OutputField({ type: () => [Citation] }) refs!: Citation[];
  @OutputField({ type: T.dict(T.float) }) scores!: Record<string, number>;
}

describe('@Signature type resolution', () => {
  const spec = getSignature(Typed);
  const typeOf = (name: string) => spec.field(name)!.type;

  it.each([
    ['text', T.string],
    ['count', T.int],
    ['score', T.float],
    ['flag', T.boolean],
    ['answer', T.literal('yes', 'no')],
    ['choice', T.literal('a', 'b')],
    ['mood', MOOD],
    ['feeling', { ...MOOD, name: 'Feeling' }],
    ['swcMood', { ...MOOD, name: 'SwcMood' }],
    ['level', { kind: 'enum', name: 'Level', keys: ['Low', 'High'], values: [0, 1] }],
    ['tags', T.array(T.string)],
    ['ids', T.array(T.int)],
    ['weights', T.array(T.float)],
    ['checks', T.array(T.boolean)],
    ['picks', T.array(T.literal('x', 'y'))],
    ['moods', T.array({ ...MOOD, name: 'Moods' })], // enum objects carry no name: the property's, unless `enumName`
    ['names', T.array(T.string)],
    ['ranks', T.array(T.int)],
    ['source', { kind: 'class', name: 'Citation', cls: Citation }],
    ['cite', { kind: 'class', name: 'Citation', cls: Citation }],
    ['citations', T.array({ kind: 'class', name: 'Citation', cls: Citation })],
    ['refs', T.array({ kind: 'class', name: 'Citation', cls: Citation })],
    ['scores', T.dict(T.float)],
  ])('%s', (name, type) => {
    expect(typeOf(name)).toEqual(type);
  });

  it('reads instructions and field types (test_field_types_and_custom_attributes)', () => {
    @Signature('Instructions')
    class TestSignature {
      @InputField() input1!: string;
      @InputField() @IsInt() input2!: number;
      @OutputField({ type: () => [String] }) output1!: string[];
      @OutputField() output2!: string;
    }
    const s = getSignature(TestSignature);
    expect(s.instructions).toBe('Instructions');
    expect(s.fields.map((f) => f.type)).toEqual([T.string, T.int, T.array(T.string), T.string]);
  });

  it('puts inputs first, each group in declaration order, and keeps the class as target', () => {
    @Signature()
    class Mixed {
      @InputField() a!: string;
      @OutputField() x!: string;
      @InputField() b!: string;
      @OutputField() y!: string;
    }
    const s = getSignature(Mixed);
    expect(s.fields.map((f) => f.name)).toEqual(['a', 'b', 'x', 'y']);
    expect(s.target).toBe(Mixed);
    expect(s.name).toBe('Mixed');
    expect(s.instructions).toBe('Given the fields `a`, `b`, produce the fields `x`, `y`.');
  });

  it('applies DSPy field defaults and explicit desc/prefix (test_all_fields_have_prefix)', () => {
    @Signature()
    class TestSignature {
      @InputField({ prefix: 'Modified:', desc: 'the input' }) input!: string;
      @OutputField() output!: string;
    }
    const s = getSignature(TestSignature);
    expect(s.field('input')).toMatchObject({
      prefix: 'Modified:',
      desc: 'the input',
      optional: false,
      hasDefault: false,
    });
    expect(s.field('output')).toMatchObject({ prefix: 'Output:', desc: '${output}' });
  });

  it('reads optional and default from options and @IsOptional', () => {
    @Signature()
    class Opt {
      @InputField({ optional: true }) hint?: string;
      @InputField({ default: 3 }) k!: number;
      @InputField() @IsOptional() @IsString() note?: string;
      @OutputField({ default: [] }) @IsString({ each: true }) tags!: string[];
      @OutputField() answer!: string;
    }
    const s = getSignature(Opt);
    expect(s.field('hint')).toMatchObject({ optional: true, hasDefault: false, type: T.string });
    expect(s.field('k')).toMatchObject({ optional: false, hasDefault: true, default: 3, type: T.float });
    expect(s.field('note')).toMatchObject({ optional: true, type: T.string });
    expect(s.field('tags')).toMatchObject({ hasDefault: true, default: [] });
    expect('default' in s.field('answer')!).toBe(false);
  });

  it('renders class-validator constraints in DSPy wording (test_signature_field_with_constraints)', () => {
    @Signature()
    class MySignature {
      @InputField() text!: string;
      @OutputField() @MinLength(5) @MaxLength(10) outputs1!: string;
      @OutputField() @IsInt() @Max(10) @Min(5) outputs2!: number;
      @OutputField() @IsPositive() @ArrayMinSize(1) @IsNumber({}, { each: true }) outputs3!: number[];
    }
    const s = getSignature(MySignature);
    expect(s.field('outputs1')!.constraints).toBe('minimum length: 5, maximum length: 10');
    expect(s.field('outputs2')!.constraints).toBe('greater than or equal to: 5, less than or equal to: 10');
    expect(s.field('outputs3')!.constraints).toBe('greater than: 0, minimum length: 1');
    expect(s.field('text')!.constraints).toBeUndefined();
  });

  it('takes instructions from the decorator, dedented, or inherits them; a name option renames', () => {
    @Signature(`
      First line
        Indented line
    `)
    class Multi {
      @OutputField() output!: string;
    }
    expect(getSignature(Multi).instructions).toBe('First line\n  Indented line');

    @Signature({ instructions: 'Base.', name: 'BaseQA' })
    class Base {
      @InputField() question!: string;
      @OutputField() answer!: string;
    }
    @Signature()
    class Derived extends Base {
      @OutputField() @IsInt() confidence!: number;
    }
    expect(getSignature(Base).name).toBe('BaseQA');
    const d = getSignature(Derived);
    expect([d.name, d.instructions]).toEqual(['Derived', 'Base.']);
    expect(d.fields.map((f) => f.name)).toEqual(['question', 'answer', 'confidence']);
    expect(getSignature(Base).fields.map((f) => f.name)).toEqual(['question', 'answer']);
  });

  it('builds once: getSignature returns the cached spec', () => {
    expect(getSignature(Typed)).toBe(spec);
    expect(isSignatureClass(Typed)).toBe(true);
    expect(isSignatureClass(Citation)).toBe(false);
  });

  it('resolves a thunk naming a class declared later once getSignature is called', () => {
    @Signature()
    class Early {
      @InputField() q!: string;
      @OutputField({ type: () => Later }) later!: unknown;
    }
    class Later {
      @IsString() name!: string;
    }
    expect(getSignature(Early).field('later')!.type).toEqual({ kind: 'class', name: 'Later', cls: Later });
  });
});
