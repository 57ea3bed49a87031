import { firstJsonObject, loadsLenient, NOT_JSON } from './lenient-json';

describe('loadsLenient (json_repair.loads + ast.literal_eval)', () => {
  it.each([
    ['42', 42],
    ['true', true],
    ['[1, 2, 3]', [1, 2, 3]],
    ["{'key': 'value'}", { key: 'value' }],
    ["{'a': True, 'b': None,}", { a: true, b: null }],
    ['{"a": [1, 2', { a: [1, 2] }],
    ['Answer: [1, 2]', [1, 2]],
    ['Here: {"answer": "Paris"} hope it helps', { answer: 'Paris' }],
    ['```json\n{"a": 1}\n```', { a: 1 }],
    ['1_000', 1000],
    ['1, 2', [1, 2]],
    ["'quoted'", 'quoted'],
    ['None', null],
  ])('%j → %j', (text, expected) => {
    expect(loadsLenient(text)).toEqual(expected);
  });

  it.each(['Paris', 'not json or literal', 'a, b', ''])('%j holds no JSON', (text) => {
    expect(loadsLenient(text)).toBe(NOT_JSON);
  });

  it('firstJsonObject finds the first balanced object, ignoring braces in strings', () => {
    expect(firstJsonObject('x {"a": "}", "b": {"c": 1}} y {"z": 2}')).toBe('{"a": "}", "b": {"c": 1}}');
    expect(firstJsonObject('no object [1]')).toBeUndefined();
  });
});
