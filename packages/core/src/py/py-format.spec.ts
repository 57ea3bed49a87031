import { PyFloat, pyDedent, pyFloatRepr, pyJsonDumps, pyRepr, pySplitLines, pyStr, pyStrip } from '.';

describe('Python text primitives', () => {
  it.each([
    [1, '1.0'],
    [0.1, '0.1'],
    [1e16, '1e+16'],
    [1.5e-5, '1.5e-05'],
    [123456.789, '123456.789'],
    [0.0001, '0.0001'],
    [-2, '-2.0'],
    [Infinity, 'inf'],
    [NaN, 'nan'],
  ])('repr(float %p) is %s', (x, s) => {
    expect(pyFloatRepr(x)).toBe(s);
  });

  it('json.dumps separators, indent, ensure_ascii=False and Python floats', () => {
    expect(pyJsonDumps({ a: [1, 'é', null, true], b: {} })).toBe('{"a": [1, "é", null, true], "b": {}}');
    expect(pyJsonDumps({ a: [1, 2], b: { c: new PyFloat(1) } }, 2)).toBe(
      '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {\n    "c": 1.0\n  }\n}',
    );
    expect(pyJsonDumps({ s: 'line\n"q"\\' })).toBe('{"s": "line\\n\\"q\\"\\\\"}');
    expect(pyJsonDumps([Infinity, NaN, undefined])).toBe('[Infinity, NaN, null]');
  });

  it('str() and repr() of JSON-like values', () => {
    expect(pyStr(true)).toBe('True');
    expect(pyStr(null)).toBe('None');
    expect(pyStr('x')).toBe('x');
    expect(pyRepr({ k: "it's", n: [1, 2.5, false] })).toBe(`{'k': "it's", 'n': [1, 2.5, False]}`);
  });

  it('strip, splitlines and dedent follow Python', () => {
    expect(pyStrip('\x1c a \x85')).toBe('a');
    expect(pyStrip('\uFEFFa')).toBe('\uFEFFa');
    expect(pySplitLines('a\r\nb\n\nc\n')).toEqual(['a', 'b', '', 'c']);
    expect(pySplitLines('')).toEqual([]);
    expect(pyDedent('    a\n      b\n  \n    c')).toBe('a\n  b\n\nc');
  });
});
