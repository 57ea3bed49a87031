import { inputField, outputField } from '../signature/field-factory';
import { SignatureSpec, type Spec } from '../signature/signature-spec';
import { T } from '../signature/type-ref';
import { Tool } from '../tools/tool';

/**
 * The `finish` tool every ReAct agent gets, as DSPy defines it: no arguments, returns
 * `Completed.`, its description naming the outputs.
 *
 * @example
 * finishTool(getSignature('question -> answer')).desc; // 'Marks the task as complete. ... i.e. `answer`, ...'
 */
export function finishTool(signature: Spec): Tool {
  return new Tool(() => 'Completed.', {
    name: 'finish',
    desc: `Marks the task as complete. That is, signals that all information for producing the outputs, i.e. ${fieldList(signature.outputFields)}, are now available to be extracted.`,
    args: {},
  });
}

/**
 * DSPy's ReAct instructions, word for word: the signature's own instructions, the agent
 * paragraph, every tool as `(i) String(tool)` (finish last), and the JSON note.
 *
 * @example
 * reactInstructions(spec, { search, finish: finishTool(spec) });
 */
export function reactInstructions(signature: Spec, tools: Readonly<Record<string, Tool>>): string {
  const inputs = fieldList(signature.inputFields);
  const outputs = fieldList(signature.outputFields);
  const lines = signature.instructions ? [`${signature.instructions}\n`] : [];
  lines.push(
    `You are an Agent. In each episode, you will be given the fields ${inputs} as input. And you can see your past trajectory so far.`,
    `Your goal is to use one or more of the supplied tools to collect any necessary information for producing ${outputs}.\n`,
    'To do this, you will interleave next_thought, next_tool_name, and next_tool_args in each turn, and also when finishing the task.',
    'After each tool call, you receive a resulting observation, which gets appended to your trajectory.\n',
    'When writing next_thought, you may reason about the current situation and plan for future steps.',
    'When selecting the next_tool_name and its next_tool_args, the tool must be one of:\n',
  );
  Object.values(tools).forEach((tool, i) => lines.push(`(${i + 1}) ${String(tool)}`));
  lines.push('When providing `next_tool_args`, the value inside the field must be in JSON format');
  return lines.join('\n');
}

/**
 * The step signature (`react`): the inputs plus `trajectory`, producing `next_thought`,
 * `next_tool_name` (one of the tool names) and `next_tool_args` (a JSON object).
 *
 * @example
 * reactSignature(getSignature('question -> answer'), tools).signatureString;
 * // 'question, trajectory -> next_thought, next_tool_name, next_tool_args'
 */
export function reactSignature(signature: Spec, tools: Readonly<Record<string, Tool>>): Spec {
  return new SignatureSpec({
    name: signature.name,
    instructions: reactInstructions(signature, tools),
    fields: [
      ...signature.inputFields,
      inputField('trajectory', T.string),
      outputField('next_thought', T.string),
      outputField('next_tool_name', T.literal(...Object.keys(tools))),
      outputField('next_tool_args', T.dict(T.any)),
    ],
  });
}

/**
 * The fallback signature (`extract`, wrapped in ChainOfThought): inputs plus `trajectory`, the
 * original outputs, the original instructions.
 *
 * @example
 * extractSignature(getSignature('question -> answer')).signatureString; // 'question, trajectory -> answer'
 */
export function extractSignature(signature: Spec): Spec {
  return new SignatureSpec({
    name: signature.name,
    instructions: signature.instructions,
    fields: [...signature.inputFields, inputField('trajectory', T.string), ...signature.outputFields],
    target: signature.target,
  });
}

function fieldList(fields: readonly { name: string }[]): string {
  return fields.map((f) => `\`${f.name}\``).join(', ');
}
