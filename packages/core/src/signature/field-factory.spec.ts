import { DspyError } from '../errors/dspy-error';
import { inputField, outputField } from './field-factory';
import { T } from './type-ref';

describe('inputField / outputField', () => {
  it('apply DSPy defaults (ChainOfThought reasoning)', () => {
    expect(outputField('reasoning', T.string)).toEqual({
      name: 'reasoning',
      role: 'output',
      type: T.string,
      desc: '${reasoning}',
      prefix: 'Reasoning:',
      optional: false,
      hasDefault: false,
    });
    expect(Object.isFrozen(inputField('q'))).toBe(true);
  });

  it('take options and annotation strings', () => {
    const f = inputField('context', 'Optional[list[str]]', { desc: 'passages', prefix: 'Context:', default: [] });
    expect(f).toMatchObject({
      role: 'input',
      type: T.array(T.string),
      optional: true,
      desc: 'passages',
      hasDefault: true,
      default: [],
    });
    expect(outputField('n', 'int', { constraints: 'greater than: 0' }).constraints).toBe('greater than: 0');
  });

  it('reject bad and reserved names, and bad annotations', () => {
    expect(() => inputField('my field')).toThrow(/Invalid field name "my field"/);
    expect(() => outputField('completions')).toThrow(/Field name 'completions' is reserved/);
    try {
      outputField('x', 'list[int] extra');
    } catch (err) {
      expect(DspyError.is(err, 'SIGNATURE_PARSE')).toBe(true);
      expect((err as Error).message).toMatch(/Unexpected 'extra' after the type/);
    }
    expect.assertions(4);
  });
});
