import type { TypeRef } from '../signature/type-ref';
import { formatFieldValue } from './value-format';

const field = (type: TypeRef, optional = false) => ({ type, optional });
const str: TypeRef = { kind: 'string' };
const any: TypeRef = { kind: 'any' };

describe('formatFieldValue (format_field_value)', () => {
  it('numbers a list given to a str field, fencing multi-line items', () => {
    expect(formatFieldValue(field(str), ['alpha', 'beta'])).toBe('[1] «alpha»\n[2] «beta»');
    expect(formatFieldValue(field(str), ['only'])).toBe('«only»');
    expect(formatFieldValue(field(str), [])).toBe('N/A');
    expect(formatFieldValue(field(str), ['a\nb', 'c'])).toBe('[1] «««\n    a\n    b\n»»»\n[2] «c»');
  });

  it('JSON for lists, objects and class instances; str() for scalars', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    expect(formatFieldValue(field(any), ['a', 1])).toBe('["a", 1]');
    expect(formatFieldValue(field(str, true), ['a'])).toBe('["a"]');
    expect(formatFieldValue(field(any), { k: 'ü', n: null })).toBe('{"k": "ü", "n": null}');
    expect(formatFieldValue(field(any), new Point(1, 2))).toBe('{"x": 1, "y": 2}');
    expect(formatFieldValue(field(any), true)).toBe('True');
    expect(formatFieldValue(field(any), null)).toBe('None');
    expect(formatFieldValue(field({ kind: 'number', integer: false }), 3)).toBe('3.0');
    expect(formatFieldValue(field({ kind: 'array', items: { kind: 'number', integer: false } }), [1, 0.5])).toBe(
      '[1.0, 0.5]',
    );
    expect(formatFieldValue(field(str), 'as is')).toBe('as is');
  });
});
