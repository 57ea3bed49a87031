import {
  DspyError,
  inputField,
  JSONAdapter,
  type LanguageModel,
  outputField,
  Predict,
  SignatureSpec,
  T,
} from '@dspy-ts/core';
import type { ReflectiveRecord } from './reflective-dataset';

/**
 * DSPy 3.4.1's `ProposeInstruction` signature (`dspy/teleprompt/gepa/instruction_proposal.py`),
 * word for word: GEPA's default reflection prompt, sent through `JSONAdapter`.
 *
 * @example
 * const { new_instruction } = await new Predict(PROPOSE_INSTRUCTION).call({ current_instruction, examples_with_feedback });
 */
export const PROPOSE_INSTRUCTION = new SignatureSpec({
  name: 'ProposeInstruction',
  instructions:
    "I provided an assistant with instructions to perform a task for me. You are given those instructions, along with examples of different task inputs provided to the assistant, the assistant's response for each of them, and some feedback on how the assistant's response could be better.\n\n" +
    'Your task is to write a new instruction for the assistant.\n\n' +
    'Read the inputs carefully and identify the input format and infer detailed task description about the task I wish to solve with the assistant.\n\n' +
    'Read all the assistant responses and the corresponding feedback. Identify all niche and domain specific factual information about the task and include it in the instruction, as a lot of it may not be available to the assistant in the future. The assistant may have utilized a generalizable strategy to solve the task, if so, include that in the instruction as well.',
  fields: [
    inputField('current_instruction', T.string, { desc: 'The instructions I provided to the assistant.' }),
    inputField('examples_with_feedback', T.array(T.dict(T.any)), {
      desc: "Task inputs provided to the assistant, the assistant's response for each, and feedback on how the response could be better.",
    }),
    outputField('new_instruction', T.string, { desc: 'The new instruction for the assistant.' }),
  ],
});

/**
 * The `gepa` package's own reflection template (`InstructionProposalSignature.default_prompt_template`),
 * used with `reflectionPrompt: 'gepa'`: one user message, the instruction in a fenced block in the reply.
 *
 * @example
 * new GEPA({ metric, reflectionLm, auto: 'light', reflectionPrompt: 'gepa' }); // reflects with this template
 */
export const GEPA_REFLECTION_TEMPLATE = `I provided an assistant with the following instructions to perform a task for me:
\`\`\`
<curr_param>
\`\`\`

The following are examples of different task inputs provided to the assistant along with the assistant's response for each of them, and some feedback on how the assistant's response could be better:
\`\`\`
<side_info>
\`\`\`

Your task is to write a new instruction for the assistant.

Read the inputs carefully and identify the input format and infer detailed task description about the task I wish to solve with the assistant.

Read all the assistant responses and the corresponding feedback. Identify all niche and domain specific factual information about the task and include it in the instruction, as a lot of it may not be available to the assistant in the future. The assistant may have utilized a generalizable strategy to solve the task, if so, include that in the instruction as well.

Provide the new instructions within \`\`\` blocks.`;

/** What one reflection produced. */
export interface Reflection {
  readonly instruction: string;
  /** The reflection model's raw reply. */
  readonly raw: string;
  /**
   * How the instruction was read: `json` (DSPy's proposer), `fenced` (a ``` block, gepa's
   * template) or `unfenced` (gepa's template, but the reply had no complete fenced block: gepa
   * then takes the reply itself, and so does dspy-ts; the report says so).
   */
  readonly extraction: 'json' | 'fenced' | 'unfenced';
}

/** gepa's markdown rendering of reflective records (`# Example 1\n## Inputs\n### field\n...`). */
export function renderRecords(records: readonly object[]): string {
  const render = (value: unknown, level: number): string => {
    if (Array.isArray(value)) {
      if (!value.length) return '\n';
      return value.map((v, i) => `${'#'.repeat(level)} Item ${i + 1}\n${render(v, Math.min(level + 1, 6))}`).join('');
    }
    if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      if (!entries.length) return '\n';
      return entries.map(([k, v]) => `${'#'.repeat(level)} ${k}\n${render(v, Math.min(level + 1, 6))}`).join('');
    }
    return `${pyStr(value).trim()}\n\n`;
  };
  return records
    .map(
      (sample, i) =>
        `# Example ${i + 1}\n${Object.entries(sample)
          .map(([k, v]) => `## ${k}\n${render(v, 3)}`)
          .join('')}`,
    )
    .join('\n\n');
}

/**
 * gepa's `output_extractor`: the text between the first and last ``` (language tag dropped).
 *
 * @example
 * extractInstruction('Here:\n```text\nAnswer in one word.\n```'); // { instruction: 'Answer in one word.', fenced: true }
 */
export function extractInstruction(reply: string): { instruction: string; fenced: boolean } {
  const start = reply.indexOf('```') + 3;
  const end = reply.lastIndexOf('```');
  if (start >= end) {
    const stripped = reply.trim();
    if (stripped.startsWith('```')) {
      const m = /^```\S*\n?/.exec(reply);
      if (m) return { instruction: reply.slice(m[0].length).trim(), fenced: false };
    } else if (stripped.endsWith('```')) {
      return { instruction: stripped.slice(0, -3).trim(), fenced: false };
    }
    return { instruction: stripped, fenced: false };
  }
  let content = reply.slice(start, end);
  const m = /^\S*\n/.exec(content);
  if (m) content = content.slice(m[0].length);
  return { instruction: content.trim(), fenced: true };
}

export interface ProposeArgs {
  readonly lm: LanguageModel;
  readonly current: string;
  readonly records: readonly ReflectiveRecord[];
  readonly prompt: 'dspy' | 'gepa';
  readonly signal?: AbortSignal;
}

/** One reflection call: a new instruction for one predictor. */
export async function proposeInstruction(a: ProposeArgs): Promise<Reflection> {
  if (a.prompt === 'gepa') {
    const prompt = GEPA_REFLECTION_TEMPLATE.replace('<curr_param>', a.current).replace(
      '<side_info>',
      renderRecords(a.records),
    );
    const response = await a.lm.call([{ role: 'user', content: prompt }], { signal: a.signal });
    const raw = response.outputs[0]?.text ?? '';
    const { instruction, fenced } = extractInstruction(raw);
    if (!instruction) throw new DspyError('ADAPTER_PARSE', 'GEPA: the reflection model returned an empty instruction.');
    return { instruction, raw, extraction: fenced ? 'fenced' : 'unfenced' };
  }
  const predict = new Predict(PROPOSE_INSTRUCTION);
  predict.adapter = new JSONAdapter();
  const prediction = await predict.call(
    { current_instruction: a.current, examples_with_feedback: a.records as never },
    { lm: a.lm, signal: a.signal },
  );
  const raw = String((prediction as unknown as { new_instruction: unknown }).new_instruction ?? '');
  const instruction = raw.trim();
  if (!instruction) throw new DspyError('ADAPTER_PARSE', 'GEPA: the reflection model returned an empty instruction.');
  return { instruction, raw, extraction: 'json' };
}

function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return 'None';
  return String(value);
}
