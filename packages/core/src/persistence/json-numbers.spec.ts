import { PyFloat } from '../py';
import { formatFieldValue } from '../adapters/value-format';
import { signature } from '../signature/string-signature';
import { PyInt } from '../types/py-int';
import { demoIntsForFloatFields, parseJsonKeepingInts, plainNumbers, stringifyWithFloats } from './json-numbers';

describe('JSON numbers with Python int/float kinds', () => {
  it('parses ints as PyInt and whole floats as PyFloat, leaving strings and other numbers alone', () => {
    const v = parseJsonKeepingInts('{"a": 5, "b": 5.0, "c": 0.5, "d": "7 and 7.0", "e": [-1, 1e3, -2.5e-3]}') as Record<
      string,
      any
    >;
    expect(v.a).toEqual(new PyInt(5));
    expect(v.b).toEqual(new PyFloat(5));
    expect(v.c).toBe(0.5);
    expect(v.d).toBe('7 and 7.0');
    expect(v.e).toEqual([new PyInt(-1), new PyFloat(1000), -0.0025]);
    expect(parseJsonKeepingInts('{"q": "say \\"5\\"", "n": 5}')).toEqual({ q: 'say "5"', n: new PyInt(5) });
    expect(plainNumbers(v)).toEqual({ a: 5, b: 5, c: 0.5, d: '7 and 7.0', e: [-1, 1000, -0.0025] });
  });

  it('keeps in a demo exactly what prints differently from the field type', () => {
    const spec = signature('q -> score: float, n: int, meta: dict[str, Any], label: str');
    const demo = parseJsonKeepingInts('{"q": "x", "score": 5, "n": 3, "meta": {"w": 2.0, "k": 1}, "label": 4.0}');
    const kept = demoIntsForFloatFields(demo as Record<string, unknown>, spec.fields);
    expect(kept).toEqual({
      q: 'x',
      score: new PyInt(5),
      n: 3,
      meta: { w: new PyFloat(2), k: 1 },
      label: new PyFloat(4),
    });
    const print = (name: string) => formatFieldValue(spec.field(name)!, kept[name]);
    expect([print('score'), print('n'), print('meta'), print('label')]).toEqual([
      '5',
      '3',
      '{"w": 2.0, "k": 1}',
      '4.0',
    ]);
  });

  it('writes PyFloat as a Python float and everything else as JSON.stringify does', () => {
    expect(stringifyWithFloats({ a: new PyFloat(5), b: [new PyFloat(0.5), 1], c: 'x', d: new PyInt(2) })).toBe(
      '{\n  "a": 5.0,\n  "b": [\n    0.5,\n    1\n  ],\n  "c": "x",\n  "d": 2\n}',
    );
  });
});
