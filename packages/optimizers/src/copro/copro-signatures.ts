import { inputField, outputField, SignatureSpec, T } from '@dspy-ts/core';

const proposedInstruction = outputField('proposed_instruction', T.string, {
  desc: 'The improved instructions for the language model',
});
const proposedPrefix = outputField('proposed_prefix_for_output_field', T.string, {
  desc: 'The string at the end of the prompt, which will help the model start solving the task',
});

/**
 * DSPy's `BasicGenerateInstruction` (COPRO's first proposals), word for word.
 *
 * @example
 * const { proposed_instruction } = await new Predict(BASIC_GENERATE_INSTRUCTION).call({ basic_instruction: 'Answer the question.' });
 */
export const BASIC_GENERATE_INSTRUCTION = new SignatureSpec({
  name: 'BasicGenerateInstruction',
  instructions:
    "You are an instruction optimizer for large language models. I will give you a ``signature`` of fields (inputs and outputs) in English. Your task is to propose an instruction that will lead a good language model to perform the task well. Don't be afraid to be creative.",
  fields: [
    inputField('basic_instruction', T.string, { desc: 'The initial instructions before optimization' }),
    proposedInstruction,
    proposedPrefix,
  ],
});

/**
 * DSPy's `GenerateInstructionGivenAttempts` (COPRO's later proposals), word for word.
 *
 * @example
 * const { proposed_instruction } = await new Predict(GENERATE_INSTRUCTION_GIVEN_ATTEMPTS).call({ attempted_instructions });
 */
export const GENERATE_INSTRUCTION_GIVEN_ATTEMPTS = new SignatureSpec({
  name: 'GenerateInstructionGivenAttempts',
  instructions:
    "You are an instruction optimizer for large language models. I will give some task instructions I've tried, along with their corresponding validation scores. The instructions are arranged in increasing order based on their scores, where higher scores indicate better quality.\n\n" +
    "Your task is to propose a new instruction that will lead a good language model to perform the task even better. Don't be afraid to be creative.",
  fields: [inputField('attempted_instructions', T.string), proposedInstruction, proposedPrefix],
});
