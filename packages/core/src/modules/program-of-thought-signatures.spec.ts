import { signature } from '../signature/string-signature';
import { programOfThoughtSignature } from './program-of-thought-signatures';

// Expected texts are DSPy 3.3.1's (unchanged in 3.4.1) `ProgramOfThought('context, question -> answer, confidence')`
// instructions with "Python" → "JavaScript" and "dict" → "object".
describe('programOfThoughtSignature', () => {
  const base = signature('context, question -> answer, confidence');

  it('generate: the inputs, then generated_code, with instructions to SUBMIT an object', () => {
    const s = programOfThoughtSignature(base, 'generate', 'JavaScript');
    expect(s.fields.map((f) => f.name)).toEqual(['context', 'question', 'generated_code']);
    expect(s.instructions).toBe(
      'You will be given `context`, `question` and you will respond with `generated_code`.\n' +
        'Generating executable JavaScript code that programmatically computes the correct `generated_code`.\n' +
        "After you're done with the computation and think you have the final output, make sure to submit your output by calling the preloaded function `SUBMIT()`.\n" +
        'You must structure your output in an object, like {"field_a": value_a, ...}, with the correct value mapping for the field(s): `answer`, `confidence`.',
    );
    expect(s.field('generated_code')).toMatchObject({
      role: 'output',
      desc: 'JavaScript code that answers the question',
      prefix: 'Generated Code:',
    });
  });

  it('regenerate: the inputs, previous_code and error, then generated_code', () => {
    const s = programOfThoughtSignature(base, 'regenerate', 'JavaScript');
    expect(s.fields.map((f) => f.name)).toEqual(['context', 'question', 'previous_code', 'error', 'generated_code']);
    expect(s.instructions).toBe(
      'You are given `context`, `question`, `previous_code`, `error` due to an error in previous code.\nYour task is to correct the error and provide the new `generated_code`.',
    );
    expect(s.field('previous_code')?.desc).toBe('previously-generated JavaScript code that errored');
    expect(s.field('error')?.desc).toBe('error message from previously-generated JavaScript code');
  });

  it("answer: the inputs, the final code and its output, then the user's outputs", () => {
    const s = programOfThoughtSignature(base, 'answer', 'JavaScript');
    expect(s.fields.map((f) => f.name)).toEqual([
      'context',
      'question',
      'final_generated_code',
      'code_output',
      'answer',
      'confidence',
    ]);
    expect(s.instructions).toBe(
      'Given the final code `context`, `question`, `final_generated_code`, `code_output`, provide the final `answer`, `confidence`.',
    );
    expect(s.field('code_output')?.desc).toBe('output of previously-generated JavaScript code');
    expect(s.name).toBe('StringSignature');
  });

  it('refuses a user signature that already uses one of the step field names', () => {
    expect(() => programOfThoughtSignature(signature('question, error -> answer'), 'regenerate', 'JavaScript')).toThrow(
      /declares the field `error` twice/,
    );
  });
});
