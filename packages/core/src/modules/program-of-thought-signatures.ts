import { inputField, outputField } from '../signature/field-factory';
import type { FieldSpec } from '../signature/field-spec';
import { SignatureSpec } from '../signature/signature-spec';

/** The three steps of ProgramOfThought, named as DSPy names them. */
export type ProgramOfThoughtStep = 'generate' | 'regenerate' | 'answer';

const names = (fields: readonly { name: string }[]): string => fields.map((f) => `\`${f.name}\``).join(', ');

/**
 * The fields of one step, in DSPy's order: the user's inputs, the step's own inputs, then its
 * outputs (`generated_code`, or the user's outputs for the answer step). `language` replaces
 * DSPy's "python" in the descriptions.
 */
function stepFields(base: SignatureSpec<any, any>, step: ProgramOfThoughtStep, language: string): FieldSpec[] {
  const code = `${language} code that answers the question`;
  const generatedCode = outputField('generated_code', { kind: 'string' }, { desc: code });
  if (step === 'generate') return [...base.inputFields, generatedCode];
  if (step === 'regenerate') {
    return [
      ...base.inputFields,
      inputField('previous_code', { kind: 'string' }, { desc: `previously-generated ${language} code that errored` }),
      inputField('error', { kind: 'string' }, { desc: `error message from previously-generated ${language} code` }),
      generatedCode,
    ];
  }
  return [
    ...base.inputFields,
    inputField('final_generated_code', { kind: 'string' }, { desc: code }),
    inputField('code_output', { kind: 'string' }, { desc: `output of previously-generated ${language} code` }),
    ...base.outputFields,
  ];
}

/**
 * DSPy's `_generate_instruction`, word for word except the language and "dict", which
 * becomes "object" (the shape `SUBMIT` expects in JavaScript).
 */
function stepInstructions(
  fields: readonly FieldSpec[],
  base: SignatureSpec<any, any>,
  step: ProgramOfThoughtStep,
  language: string,
): string {
  const inputs = names(fields.filter((f) => f.role === 'input'));
  const outputs = names(fields.filter((f) => f.role === 'output'));
  if (step === 'generate') {
    return [
      `You will be given ${inputs} and you will respond with ${outputs}.`,
      `Generating executable ${language} code that programmatically computes the correct ${outputs}.`,
      "After you're done with the computation and think you have the final output, make sure to submit your output by calling the preloaded function `SUBMIT()`.",
      `You must structure your output in an object, like {"field_a": value_a, ...}, with the correct value mapping for the field(s): ${names(base.outputFields)}.`,
    ].join('\n');
  }
  if (step === 'regenerate') {
    return [
      `You are given ${inputs} due to an error in previous code.`,
      'Your task is to correct the error and provide the new `generated_code`.',
    ].join('\n');
  }
  return `Given the final code ${inputs}, provide the final ${outputs}.`;
}

/**
 * The signature of one ProgramOfThought step (before ChainOfThought adds `reasoning`).
 *
 * @example
 * programOfThoughtSignature(getSignature('question -> answer'), 'generate', 'JavaScript').instructions;
 * // 'You will be given `question` and you will respond with `generated_code`.\nGenerating executable JavaScript code ...'
 */
export function programOfThoughtSignature(
  base: SignatureSpec<any, any>,
  step: ProgramOfThoughtStep,
  language: string,
): SignatureSpec<any, any> {
  const fields = stepFields(base, step, language);
  // DSPy builds these with `dspy.Signature(fields, instructions)`, whose class name is StringSignature.
  return new SignatureSpec({
    name: 'StringSignature',
    instructions: stepInstructions(fields, base, step, language),
    fields,
  });
}
