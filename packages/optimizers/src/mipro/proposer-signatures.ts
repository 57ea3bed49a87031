import { type FieldSpec, inputField, outputField, SignatureSpec, T } from '@dspy-ts/core';

/**
 * DSPy's proposer tips (`dspy/propose/grounded_proposer.py` TIPS), word for word and in order.
 *
 * @example
 * TIPS.simple; // 'Keep the instruction clear and concise.'
 */
export const TIPS: Readonly<Record<string, string>> = {
  none: '',
  creative: "Don't be afraid to be creative when creating the new instruction!",
  simple: 'Keep the instruction clear and concise.',
  description: 'Make sure your instruction is very informative and descriptive.',
  high_stakes: 'The instruction should include a high stakes scenario in which the LM must solve the task!',
  persona: 'Include a persona that is relevant to the task in the instruction (ie. "You are a ...")',
};

const programCode = (desc: string) => inputField('program_code', T.string, { desc });
const PSEUDO = 'Pseudocode for a language model program designed to solve a particular task.';
const SUMMARY = 'Summary of the task the program is designed to solve, and how it goes about solving it.';

/** DSPy's `DescribeProgram`. */
export const DESCRIBE_PROGRAM = new SignatureSpec({
  name: 'DescribeProgram',
  instructions:
    'Below is some pseudo-code for a pipeline that solves tasks with calls to language models. Please describe what type of task this program appears to be designed to solve, and how it appears to work.',
  fields: [
    programCode(PSEUDO),
    inputField('program_example', T.string, { desc: 'An example of the program in use.' }),
    outputField('program_description', T.string, {
      desc: 'Describe what task the program is designed to solve, and how it goes about solving this task.',
    }),
  ],
});

/** DSPy's `DescribeModule`. */
export const DESCRIBE_MODULE = new SignatureSpec({
  name: 'DescribeModule',
  instructions:
    'Below is some pseudo-code for a pipeline that solves tasks with calls to language models. Please describe the purpose of one of the specified module in this pipeline.',
  fields: [
    programCode(PSEUDO),
    inputField('program_example', T.string, { desc: 'An example of the program in use.' }),
    inputField('program_description', T.string, { desc: SUMMARY }),
    inputField('module', T.string, { desc: 'The module in the program that we want to describe.' }),
    outputField('module_description', T.string, { desc: "Description of the module's role in the broader program." }),
  ],
});

/**
 * DSPy's `generate_instruction_class`: `GenerateSingleModuleInstruction` with the inputs the switches keep.
 *
 * @example
 * const sig = generateSingleModuleInstruction({ datasetSummary: true, programAware: false, instructHistory: false, tip: true });
 */
export function generateSingleModuleInstruction(use: {
  datasetSummary: boolean;
  programAware: boolean;
  instructHistory: boolean;
  tip: boolean;
}): SignatureSpec<any, any> {
  const fields: FieldSpec[] = [];
  if (use.datasetSummary)
    fields.push(
      inputField('dataset_description', T.string, { desc: 'A description of the dataset that we are using.' }),
    );
  if (use.programAware) {
    fields.push(programCode('Language model program designed to solve a particular task.'));
    fields.push(inputField('program_description', T.string, { desc: SUMMARY }));
    fields.push(inputField('module', T.string, { desc: 'The module to create an instruction for.' }));
    fields.push(
      inputField('module_description', T.string, { desc: 'Description of the module to create an instruction for.' }),
    );
  }
  fields.push(inputField('task_demos', T.string, { desc: 'Example inputs/outputs of our module.' }));
  if (use.instructHistory)
    fields.push(
      inputField('previous_instructions', T.string, {
        desc: "Previous instructions we've attempted, along with their associated scores.",
      }),
    );
  fields.push(inputField('basic_instruction', T.string, { desc: 'Basic instruction.' }));
  if (use.tip)
    fields.push(
      inputField('tip', T.string, { desc: 'A suggestion for how to go about generating the new instruction.' }),
    );
  fields.push(
    outputField('proposed_instruction', T.string, {
      desc: 'Propose an instruction that will be used to prompt a Language Model to perform this task.',
    }),
  );
  return new SignatureSpec({
    name: 'GenerateSingleModuleInstruction',
    instructions:
      'Use the information below to learn about a task that we are trying to solve using calls to an LM, then generate a new instruction that will be used to prompt a Language Model to better solve the task.',
    fields,
  });
}

/** DSPy's `ObservationSummarizer`. */
export const OBSERVATION_SUMMARIZER = new SignatureSpec({
  name: 'ObservationSummarizer',
  instructions:
    'Given a series of observations I have made about my dataset, please summarize them into a brief 2-3 sentence summary which highlights only the most important details.',
  fields: [
    inputField('observations', T.string, { desc: 'Observations I have made about my dataset' }),
    outputField('summary', T.string, {
      desc: 'Two to Three sentence summary of only the most significant highlights of my observations',
    }),
  ],
});

/** DSPy's `DatasetDescriptor`. */
export const DATASET_DESCRIPTOR = new SignatureSpec({
  name: 'DatasetDescriptor',
  instructions:
    'Given several examples from a dataset please write observations about trends that hold for most or all of the samples. ' +
    'Some areas you may consider in your observations: topics, content, syntax, conciseness, etc. ' +
    "It will be useful to make an educated guess as to the nature of the task this dataset will enable. Don't be afraid to be creative",
  fields: [
    inputField('examples', T.string, { desc: 'Sample data points from the dataset' }),
    outputField('observations', T.string, {
      desc: 'Somethings that holds true for most or all of the data you observed',
    }),
  ],
});

/** DSPy's `DatasetDescriptorWithPriorObservations` (its "conciceness" typo and double space kept). */
export const DATASET_DESCRIPTOR_WITH_PRIOR = new SignatureSpec({
  name: 'DatasetDescriptorWithPriorObservations',
  instructions:
    'Given several examples from a dataset please write observations about trends that hold for most or all of the samples. ' +
    "I will also provide you with a few observations I have already made.  Please add your own observations or if you feel the observations are comprehensive say 'COMPLETE' " +
    'Some areas you may consider in your observations: topics, content, syntax, conciceness, etc. ' +
    "It will be useful to make an educated guess as to the nature of the task this dataset will enable. Don't be afraid to be creative",
  fields: [
    inputField('examples', T.string, { desc: 'Sample data points from the dataset' }),
    inputField('prior_observations', T.string, { desc: 'Some prior observations I made about the data' }),
    outputField('observations', T.string, {
      desc: 'Somethings that holds true for most or all of the data you observed or COMPLETE if you have nothing to add',
    }),
  ],
});
