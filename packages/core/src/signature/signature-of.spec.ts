import { InputField } from '../decorators/input-field.decorator';
import { OutputField } from '../decorators/output-field.decorator';
import { Signature } from '../decorators/signature.decorator';
import { getSignature, isSignatureClass } from './signature-of';
import { signature } from './string-signature';

describe('getSignature', () => {
  it('parses strings, passes specs through and caches class specs', () => {
    expect(getSignature('question -> answer').name).toBe('StringSignature');
    const spec = signature('a -> b');
    expect(getSignature(spec)).toBe(spec);

    @Signature('Answer.')
    class QA {
      @InputField() question!: string;
      @OutputField() answer!: string;
    }
    expect(isSignatureClass(QA)).toBe(true);
    const first = getSignature(QA);
    expect(getSignature(QA)).toBe(first);
    expect(first.target).toBe(QA);
    expect(Object.isFrozen(first.fields[0])).toBe(true);
  });

  it('treats an undecorated subclass of a signature as a signature with its own name', () => {
    @Signature('Answer.')
    class QA {
      @InputField() question!: string;
      @OutputField() answer!: string;
    }
    class LoudQA extends QA {}
    const spec = getSignature(LoudQA);
    expect([spec.name, spec.instructions, spec.target]).toEqual(['LoudQA', 'Answer.', LoudQA]);
    expect(isSignatureClass(LoudQA)).toBe(true);
  });
});
