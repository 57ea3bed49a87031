import { PyFloat, pyRepr, pyStr, pyString } from '.';

// Expected values are CPython 3.12's repr() of the same values (JS -0 and 1 are ints: JS has no 1.0).
describe('pyRepr (the one implementation)', () => {
  it.each([
    ['a\x01b', "'a\\x01b'"],
    ['\x7f\x85\xa0', "'\\x7f\\x85\\xa0'"],
    ['\u2028\u200b\ufeff', "'\\u2028\\u200b\\ufeff'"],
    ['é 😀', "'é 😀'"],
    ['\u{e0001}', "'\\U000e0001'"],
    ["it's", `"it's"`],
    [`it's "x"`, `'it\\'s "x"'`],
    ['tab\tnl\nback\\', "'tab\\tnl\\nback\\\\'"],
  ])('escapes %j as CPython does', (s, expected) => {
    expect(pyString(s)).toBe(expected);
    expect(pyRepr(s)).toBe(expected);
  });

  it('prints numbers as Python ints and floats', () => {
    expect(pyRepr(-0)).toBe('0');
    expect(pyRepr(new PyFloat(-0))).toBe('-0.0');
    expect(pyRepr(new PyFloat(1))).toBe('1.0');
    expect(pyRepr(1e-7)).toBe('1e-07');
    expect(pyRepr(1e22)).toBe('1e+22');
    expect(pyRepr([NaN, Infinity, -Infinity])).toBe('[nan, inf, -inf]');
  });

  it('leaves out undefined members of objects (as json.dumps of the same object), keeps None for null', () => {
    expect(pyRepr({ k: undefined, n: null })).toBe("{'n': None}");
    expect(pyRepr([undefined])).toBe('[None]');
  });

  it('prints collections, dates, functions and cycles', () => {
    expect(pyRepr(new Set([1, 'a']))).toBe("{1, 'a'}");
    expect(pyRepr(new Set())).toBe('set()');
    expect(pyRepr(new Map([['k', true]]))).toBe("{'k': True}");
    expect(pyRepr(new Date(0))).toBe("'1970-01-01T00:00:00.000Z'");
    expect(pyRepr(function named() {})).toBe('<function named>');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(pyRepr(loop)).toBe("{'self': {...}}");
    expect(pyStr('plain')).toBe('plain');
  });
});
