import { IsInt, IsOptional, Length, IsDivisibleBy, IsNegative } from 'class-validator';
import { InputField } from '../decorators/input-field.decorator';
import { OutputField } from '../decorators/output-field.decorator';
import { Signature } from '../decorators/signature.decorator';
import { T } from '../signature/type-ref';
import { readValidationMetadata, validatorHints } from './class-validator-reader';
import { METADATA_KEYS } from './metadata-keys';
import { getSignatureMetadataStorage } from './metadata-storage';
import { enumTypeRef, isClassConstructor, isTypeRef } from './type-source';

describe('metadata keys and storage', () => {
  it('namespaces every key', () => {
    for (const [name, key] of Object.entries(METADATA_KEYS)) {
      if (name !== 'designType') expect(key).toMatch(/^@dspy-ts\/core:/);
    }
  });

  it('is one global instance, shared by copies of the package', () => {
    const storage = getSignatureMetadataStorage();
    const holder = globalThis as unknown as Record<symbol, unknown>;
    expect(holder[Symbol.for(METADATA_KEYS.storage)]).toBe(storage);
    expect(getSignatureMetadataStorage()).toBe(storage);
  });

  it('records raw registrations in declaration order, base classes first, and marks classes', () => {
    @Signature('Base task.')
    class Base {
      @InputField({ desc: 'q' }) question!: string;
      @OutputField() answer!: string;
    }
    class Child extends Base {
      @OutputField() extra!: string;
    }
    const storage = getSignatureMetadataStorage();
    expect(storage.getFields(Child).map((r) => [r.propertyName, r.role, r.declaredOn.name])).toEqual([
      ['question', 'input', 'Base'],
      ['answer', 'output', 'Base'],
      ['extra', 'output', 'Child'],
    ]);
    expect(storage.getFields(Base)).toHaveLength(2);
    expect(storage.findSignatureOptions(Child)).toEqual({ owner: Base, options: { instructions: 'Base task.' } });
    expect(storage.findInstructions(Child)).toBe('Base task.');
    expect(Reflect.getMetadata(METADATA_KEYS.signature, Base)).toEqual({ instructions: 'Base task.' });
    expect(Reflect.getMetadata(METADATA_KEYS.field, Base.prototype, 'question')).toMatchObject({
      role: 'input',
      options: { desc: 'q' },
    });
    expect(Object.isFrozen(storage.getFields(Base)[0]!.options)).toBe(true);
  });
});

describe('type sources', () => {
  it('tells TypeRefs, enums and classes apart', () => {
    expect(isTypeRef(T.int)).toBe(true);
    expect(isTypeRef(T.array(T.literal('a')))).toBe(true);
    expect(isTypeRef({ kind: 'string', extra: 1 })).toBe(false);
    expect(isTypeRef({ A: 'a' })).toBe(false);
    expect(isClassConstructor(class {})).toBe(true);
    expect(isClassConstructor(() => String)).toBe(false);
  });

  it('drops the reverse entries of numeric enums', () => {
    enum Level {
      Low = 1,
      High = 5,
    }
    expect(enumTypeRef(Level, 'Level')).toEqual({ kind: 'enum', name: 'Level', keys: ['Low', 'High'], values: [1, 5] });
  });
});

describe('class-validator hints', () => {
  class Limits {
    @IsOptional() @Length(2, 8) code?: string;
    @IsInt() @IsNegative() @IsDivisibleBy(3) delta!: number;
  }

  it('reads optionality, type and DSPy-worded constraints', () => {
    const metas = readValidationMetadata(Limits);
    const site = (property: string) => ({ className: 'Limits', property });
    expect(validatorHints(Limits, metas.get('code')!, String, site('code'))).toMatchObject({
      optional: true,
      type: undefined,
      constraints: 'minimum length: 2, maximum length: 8',
    });
    expect(validatorHints(Limits, metas.get('delta')!, Number, site('delta'))).toMatchObject({
      optional: false,
      type: T.int,
      constraints: 'less than: 0, a multiple of the given number: 3',
    });
  });
});
