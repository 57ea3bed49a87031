import { quoteForLiteral, typeName } from './type-name';
import type { TypeRef } from './type-ref';

const str: TypeRef = { kind: 'string' };
const lit = (...values: (string | number | boolean)[]): TypeRef => ({ kind: 'literal', values });

describe('typeName (DSPy get_annotation_name)', () => {
  it.each<[TypeRef, string]>([
    [str, 'str'],
    [{ kind: 'number', integer: true }, 'int'],
    [{ kind: 'number', integer: false }, 'float'],
    [{ kind: 'boolean' }, 'bool'],
    [{ kind: 'any' }, 'Any'],
    [{ kind: 'array', items: str }, 'list[str]'],
    [{ kind: 'dict', values: { kind: 'number', integer: false } }, 'dict[str, float]'],
    [{ kind: 'dict', values: { kind: 'array', items: { kind: 'any' } } }, 'dict[str, list[Any]]'],
    [{ kind: 'enum', name: 'Label', keys: ['A'], values: ['a'] }, 'Label'],
    [{ kind: 'class', name: 'Person', cls: class Person {} }, 'Person'],
    [lit('yes', 'no'), "Literal['yes', 'no']"],
  ])('%j → %s', (type, name) => {
    expect(typeName(type)).toBe(name);
  });

  // test_chat_adapter_quotes_literals_as_expected, all five scenarios.
  it.each<[TypeRef, string]>([
    [lit('one', 'two', 'three"'), `Literal['one', 'two', 'three"']`],
    [lit("she's here", 'okay', 'test'), `Literal["she's here", 'okay', 'test']`],
    [lit('both"and\'', 'another'), `Literal['both"and\\'', 'another']`],
    [lit('foo', 'bar'), "Literal['foo', 'bar']"],
    [lit(1, 'bar'), "Literal[1, 'bar']"],
    [lit(true, 3, 'foo'), "Literal[True, 3, 'foo']"],
  ])('quotes literal members like Python: %s', (type, name) => {
    expect(typeName(type)).toBe(name);
  });

  it('prints optional fields as Optional[X] does', () => {
    expect(typeName(str, true)).toBe('Union[str, NoneType]');
    expect(typeName({ kind: 'array', items: str }, true)).toBe('Union[list[str], NoneType]');
  });

  it('quoteForLiteral picks quotes like repr', () => {
    expect(quoteForLiteral('plain')).toBe("'plain'");
    expect(quoteForLiteral("it's")).toBe(`"it's"`);
  });
});
