import { cacheKey, canonicalJson } from './cache-key';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('keeps undefined array items as null, like JSON', () => {
    expect(canonicalJson([1, undefined, 'x'])).toBe('[1,null,"x"]');
  });

  it('honours toJSON (dates)', () => {
    expect(canonicalJson({ at: new Date('2024-01-01T00:00:00Z') })).toBe('{"at":"2024-01-01T00:00:00.000Z"}');
  });

  it.each([[() => 1], [Symbol('s')], [10n], [Number.NaN], [Infinity]])('refuses %p', (v) => {
    expect(() => canonicalJson({ v })).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it('refuses cycles', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => canonicalJson(a)).toThrow(/cyclic/);
  });
});

describe('cacheKey', () => {
  const request = {
    model: 'ollama/llama3.2',
    messages: [{ role: 'user', content: 'hi' }],
    options: { temperature: 0 },
  };

  it('is a 64-char SHA-256 hex digest, stable under key order', () => {
    const k = cacheKey(request)!;
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(
      cacheKey({ options: { temperature: 0 }, messages: [{ content: 'hi', role: 'user' }], model: 'ollama/llama3.2' }),
    ).toBe(k);
  });

  it('treats rolloutId undefined like absent, and a set rolloutId as different', () => {
    expect(cacheKey({ ...request, rolloutId: undefined })).toBe(cacheKey(request));
    expect(cacheKey({ ...request, rolloutId: 1 })).not.toBe(cacheKey(request));
    expect(cacheKey({ ...request, rolloutId: 1 })).not.toBe(cacheKey({ ...request, rolloutId: 2 }));
  });

  it('returns undefined, without throwing, for unserializable requests (DSPy test_unserializable_key)', () => {
    expect(cacheKey({ ...request, options: { fn: () => 1 } })).toBeUndefined();
  });
});
