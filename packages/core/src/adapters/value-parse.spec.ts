import 'reflect-metadata';
import { IsInt, IsString } from 'class-validator';
import type { TypeRef } from '../signature/type-ref';
import { parseValue } from './value-parse';

// Cases from DSPy 3.3.1 tests/adapters/test_adapter_utils.py (vectors 17–18).

const str: TypeRef = { kind: 'string' };
const int: TypeRef = { kind: 'number', integer: true };
const float: TypeRef = { kind: 'number', integer: false };
const bool: TypeRef = { kind: 'boolean' };
const opt = (type: TypeRef) => ({ type, optional: true });
const req = (type: TypeRef) => ({ type, optional: false });

class Profile {
  @IsString() name!: string;
  @IsInt() age!: number;
}
const profile: TypeRef = { kind: 'class', name: 'Profile', cls: Profile };

describe('parseValue', () => {
  it('str: Python str() of anything, never JSON-parsed (test_parse_value_str_annotation)', () => {
    expect(parseValue(123, req(str))).toBe('123');
    expect(parseValue(true, req(str))).toBe('True');
    expect(parseValue('hello', req(str))).toBe('hello');
    expect(parseValue(null, req(str))).toBe('None');
    expect(parseValue([1, 2, 3], req(str))).toBe('[1, 2, 3]');
    expect(parseValue('[1, 2]', req(str))).toBe('[1, 2]');
  });

  it('classes from JSON text or objects; missing required keys fail (test_parse_value_pydantic_types)', () => {
    const fromText = parseValue('{"name": "John", "age": 30}', req(profile)) as Profile;
    expect(fromText).toBeInstanceOf(Profile);
    expect(fromText).toEqual(Object.assign(new Profile(), { name: 'John', age: 30 }));
    expect(parseValue({ name: 'Jane', age: '25' }, req(profile))).toEqual(
      Object.assign(new Profile(), { name: 'Jane', age: 25 }),
    );
    expect(() => parseValue('{"name": "John"}', req(profile))).toThrow(/age: Field required/);
  });

  it('basic types coerce like pydantic lax mode (test_parse_value_basic_types)', () => {
    expect(parseValue('42', req(int))).toBe(42);
    expect(parseValue(42, req(int))).toBe(42);
    expect(parseValue('3.14', req(float))).toBe(3.14);
    expect(parseValue(3.14, req(float))).toBe(3.14);
    expect(parseValue('true', req(bool))).toBe(true);
    expect(parseValue(true, req(bool))).toBe(true);
    expect(parseValue('false', req(bool))).toBe(false);
    expect(parseValue('[1, 2, 3]', req({ kind: 'array', items: int }))).toEqual([1, 2, 3]);
    expect(parseValue([1, 2, 3], req({ kind: 'array', items: int }))).toEqual([1, 2, 3]);
    expect(parseValue('yes', req(bool))).toBe(true);
    expect(parseValue('3.0', req(int))).toBe(3);
    expect(() => parseValue('3.5', req(int))).toThrow(/valid integer/);
    expect(() => parseValue(5, req({ kind: 'array', items: str }))).toThrow(/valid list/);
  });

  it('literals accept quotes and Literal[...]/str[...] wrappers (test_parse_value_literal)', () => {
    const lit = req({ kind: 'literal', values: ['option1', 'option2'] });
    expect(parseValue('option1', lit)).toBe('option1');
    expect(parseValue('option2', lit)).toBe('option2');
    expect(parseValue("'option1'", lit)).toBe('option1');
    expect(parseValue('"option1"', lit)).toBe('option1');
    expect(parseValue('Literal[option1]', lit)).toBe('option1');
    expect(parseValue('str[option1]', lit)).toBe('option1');
    // DSPy 3.4.1 hands an unmatched text to pydantic, whose message this is.
    expect(() => parseValue('invalid', lit)).toThrow("Input should be 'option1' or 'option2' [input_value='invalid']");
  });

  it('unions with None keep strings raw (test_parse_value_union)', () => {
    expect(parseValue('test', opt(str))).toBe('test');
    expect(parseValue('5', opt(int))).toBe(5);
    expect(parseValue(null, opt(str))).toBeNull();
    expect(parseValue('text with [placeholder]', opt(str))).toBe('text with [placeholder]');
    expect(parseValue('None', opt(int))).toBeNull();
  });

  it('dicts via repaired JSON or Python literals (test_parse_value_json_repair)', () => {
    const dict = req({ kind: 'dict', values: { kind: 'any' } });
    expect(parseValue('{"key": "value"}', dict)).toEqual({ key: 'value' });
    expect(parseValue("{'key': 'value'}", dict)).toEqual({ key: 'value' });
    expect(() => parseValue('not json or literal', dict)).toThrow(/valid dictionary/);
  });

  it('enums match a member value first, then a member name', () => {
    const e = req({ kind: 'enum', name: 'Label', keys: ['POSITIVE', 'NEGATIVE'], values: ['positive', 'negative'] });
    expect(parseValue('negative', e)).toBe('negative');
    expect(parseValue('POSITIVE', e)).toBe('positive');
    expect(() => parseValue('meh', e)).toThrow('meh is not a valid name or value for the enum Label');
    const numeric = req({ kind: 'enum', name: 'Level', keys: ['Low', 'High'], values: [1, 2] });
    expect(parseValue('2', numeric)).toBe(2);
  });
});
