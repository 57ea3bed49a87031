import { DspyError } from '../errors/dspy-error';
import { EXAMPLE_RESERVED_KEYS, Example } from './example';
import { Prediction } from './prediction';

// Ports tests/primitives/test_example.py (reference §4.3 items 34–37) plus TS-specific behaviour.
describe('Example', () => {
  it('exposes fields as typed properties, from an object, an Example, or both', () => {
    const ex = new Example({ a: 1, b: 2 });
    expect(ex.a).toBe(1);
    expect(ex.b).toBe(2);
    const fromBase = new Example(ex, { c: 3 });
    expect([fromBase.a, fromBase.b, fromBase.c]).toEqual([1, 2, 3]);
    const fromDict = new Example({ a: 1, b: 2 }, { c: 3 });
    expect(fromDict.toDict()).toEqual({ a: 1, b: 2, c: 3 });
    expect(ex).toBeInstanceOf(Example);
  });

  it('types fields from the data (compile-time checks)', () => {
    const ex = new Example({ question: 'q', n: 1 }).withInputs('question');
    const q: string = ex.question;
    const n: number = ex.n;
    const maybe: string | undefined = ex.inputs().question;
    // @ts-expect-error not a field of this example
    ex.withInputs('nope');
    expect(() => {
      // @ts-expect-error fields are read-only
      ex.question = 'x';
    }).toThrow(TypeError);
    const unknownValue: unknown = ex;
    const narrowed = unknownValue instanceof Example ? unknownValue.keys() : [];
    expect([q, n, maybe, narrowed]).toEqual(['q', 1, 'q', ['question', 'n']]);
  });

  it('is immutable: fields are read-only, copies carry changes', () => {
    const ex = new Example({ a: 1 });
    expect(() => {
      (ex as { a: number }).a = 2;
    }).toThrow(TypeError);
    const changed = ex.copy({ a: 2 });
    expect(changed.a).toBe(2);
    expect(ex.a).toBe(1);
  });

  it('reads a missing field as undefined (deletion via without)', () => {
    const ex = new Example({ a: 1, b: 2 }).without('a');
    expect((ex as unknown as Record<string, unknown>).a).toBeUndefined();
    expect(ex.get('a')).toBeUndefined();
    expect(ex.has('a')).toBe(false);
    expect(ex.toDict()).toEqual({ b: 2 });
  });

  it('hides dspy_* fields from size, length, keys, values and items (items 34)', () => {
    const ex = new Example({ a: 1, b: 2, dspy_hidden: 3 });
    expect(ex.size).toBe(2);
    expect(ex.length).toBe(2);
    expect(new Set(ex.keys())).toEqual(new Set(['a', 'b']));
    expect(ex.values()).toContain(1);
    expect(ex.items()).toContainEqual(['b', 2]);
    expect(ex.keys(true)).toEqual(['a', 'b', 'dspy_hidden']);
    expect(ex.has('dspy_hidden')).toBe(true);
    expect(ex.toDict()).toEqual({ a: 1, b: 2, dspy_hidden: 3 });
  });

  it('splits inputs and labels (item 35)', () => {
    const ex = new Example({ a: 1, b: 2 }).withInputs('a');
    expect(ex.inputKeys).toEqual(['a']);
    expect(ex.inputs().toDict()).toEqual({ a: 1 });
    expect(ex.inputs().inputKeys).toEqual(['a']);
    expect(ex.labels().toDict()).toEqual({ b: 2 });
    expect(ex.labels().inputKeys).toBeUndefined();
  });

  it('throws DSPy-style when inputs were never set', () => {
    const ex = new Example({ a: 1 });
    expect(() => ex.inputs()).toThrow(
      'Inputs have not been set for this example. Use `example.withInputs()` to set them.',
    );
    expect(() => ex.labels()).toThrow(DspyError);
  });

  it('compares by fields only, order and input keys ignored (item 36)', () => {
    const a = new Example({ a: 1, b: 2 });
    expect(a.equals(new Example({ a: 1, b: 2 }))).toBe(true);
    expect(a.equals(new Example({ b: 2, a: 1 }).withInputs('a'))).toBe(true);
    expect(a.equals('')).toBe(false);
    expect(a.equals(new Example({ a: 1, b: 3 }))).toBe(false);
    expect(
      new Example({ n: new Example({ x: [1, { y: 2 }] }) }).equals(
        new Example({ n: new Example({ x: [1, { y: 2 }] }) }),
      ),
    ).toBe(true);
  });

  it('hashes equal examples to the same stable key', () => {
    const h = new Example({ a: 1, b: 2 }).hash();
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(new Example({ b: 2, a: 1 }).hash()).toBe(h);
    expect(new Example({ a: 1, b: '2' }).hash()).not.toBe(h);
    expect(new Set([h, new Example({ a: 1, b: 2 }).hash()]).size).toBe(1);
  });

  it('prints like DSPy repr (item 36)', () => {
    const ex = new Example({ a: 1 });
    expect(ex.toString()).toBe("Example({'a': 1}) (input_keys=None)");
    expect(String(ex)).toBe("Example({'a': 1}) (input_keys=None)");
    expect(new Example({ q: "it's", l: [true, null], dspy_x: 1 }).withInputs('q').toString()).toBe(
      `Example({'q': "it's", 'l': [True, None]}) (input_keys={'q'})`,
    );
  });

  it('copies with overrides and removes with without (item 37)', () => {
    const ex = new Example({ a: 1, b: 2 });
    const copied = ex.copy({ c: 3 });
    expect(copied.a).toBe(1);
    expect(copied.c).toBe(3);
    expect(copied.without('a').has('a')).toBe(false);
    expect(ex.withInputs('a').copy({ b: 5 }).inputKeys).toEqual(['a']);
  });

  it('get returns the value or a default', () => {
    const ex = new Example({ a: 1, b: 2 });
    expect(ex.get('a')).toBe(1);
    expect(ex.get('c', 'default')).toBe('default');
  });

  it('converts nested Examples and toJSON-able values in toDict, recursively', () => {
    const history = { messages: [{ q: 'x' }], toJSON: () => ({ messages: [{ q: 'x' }] }) };
    const ex = new Example({ inner: new Example({ x: 1 }), list: [new Prediction({ y: 2 })], history });
    expect(ex.toDict()).toEqual({ inner: { x: 1 }, list: [{ y: 2 }], history: { messages: [{ q: 'x' }] } });
    expect(JSON.parse(JSON.stringify(ex))).toEqual(ex.toDict());
  });

  it('keeps fields named like members reachable through get() without hiding the methods', () => {
    const ex = new Example({ keys: 'k', toString: 's', answer: 'a' });
    expect(typeof ex.keys).toBe('function');
    expect(ex.get('keys')).toBe('k');
    expect(ex.keys()).toEqual(['keys', 'toString', 'answer']);
    expect(ex.toString()).toBe("Example({'keys': 'k', 'toString': 's', 'answer': 'a'}) (input_keys=None)");
  });

  it('never exposes a `then` field, so awaiting an example does not treat it as a Promise', async () => {
    const ex = new Example({ then: () => 'hijacked', answer: 'a' });
    expect(await Promise.resolve(ex)).toBe(ex);
    expect(typeof ex.get('then')).toBe('function');
  });

  it('lists every public member in EXAMPLE_RESERVED_KEYS', () => {
    const members = Object.getOwnPropertyNames(Object.getPrototypeOf(new Example({})));
    expect([...EXAMPLE_RESERVED_KEYS].sort()).toEqual([...members, 'then'].sort());
  });
});
