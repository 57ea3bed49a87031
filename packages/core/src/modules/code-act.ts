import { resolveAdapter } from '../context/resolve-lm';
import { DspyError } from '../errors/dspy-error';
import { Prediction } from '../primitives/prediction';
import { type CallOptions, Program } from '../primitives/program';
import { inputField, outputField } from '../signature/field-factory';
import { getSignature } from '../signature/signature-of';
import { SignatureSpec } from '../signature/signature-spec';
import { T } from '../signature/type-ref';
import { isSandbox, type Sandbox, type SandboxRunOptions } from '../tools/sandbox';
import { Tool, type ToolFunction } from '../tools/tool';
import { ChainOfThought } from './chain-of-thought';
import { runWithTools, toolIdentifier } from './code-act-tools';
import { Predict } from './predict';
import { parseGeneratedCode } from './program-of-thought-code';
import { formatTrajectory, type Trajectory, truncateTrajectory, withTrajectoryTruncation } from './react-trajectory';
import type { InputsOf, OutputsOf, SignatureLike } from './signature-types';

/**
 * @example
 * { tools: [search, add], sandbox: new JsSandbox(), maxIters: 5, maxToolCalls: 20 }
 */
export interface CodeActOptions {
  /** Tools the code may call (functions, `Tool`s, `toolsFrom(obj)`, MCP tools...). They run on the host. */
  readonly tools: readonly (Tool | ToolFunction)[];
  /** Where the code runs, e.g. `new JsSandbox()` from `@dspy-ts/sandbox`. */
  readonly sandbox: Sandbox;
  /** Code blocks before the agent must stop (DSPy's `max_iters`, default 5). */
  readonly maxIters?: number;
  /** Tool calls one code block may make (default 20). */
  readonly maxToolCalls?: number;
  /** Limits of every run of generated code; the sandbox's defaults fill the rest. */
  readonly runOptions?: Omit<SandboxRunOptions, 'signal' | 'globals'>;
}

/** Per-call options of CodeAct. */
export interface CodeActCallOptions extends CallOptions {
  /** Overrides `maxIters` for this call. */
  readonly maxIters?: number;
}

/** CodeAct's result: the signature's outputs, the extractor's reasoning, and every step taken. */
export type CodeActOutputs<S> = OutputsOf<S> & { reasoning: string; trajectory: Trajectory };

/**
 * DSPy's CodeAct with the model writing JavaScript: each step, `codeact` sees the inputs and the
 * trajectory so far and writes a code block (and `finished`); the block runs in the sandbox with the
 * tools callable inside it as synchronous functions (`search({ query })` or `add(2, 3)`), and what it
 * prints (plus any `SUBMIT`/last-expression value) becomes `code_output_i`, or a failure
 * `observation_i`. After `finished` or `maxIters` blocks, `extractor` (ChainOfThought) produces the
 * outputs from the trajectory. Tools run on the host (validated, with their timeouts): the sandboxed
 * code only sees their JSON results. Predictors are named `codeact` and `extractor.predict`, as in DSPy.
 * (DSPy 3.4 deprecates CodeAct in favour of RLM; it is kept here as DSPy 3.4.1 ships it.)
 *
 * @example
 * import { JsSandbox } from '@dspy-ts/sandbox';
 * const agent = new CodeAct('question -> answer: int', { tools: [factorial], sandbox: new JsSandbox() });
 * const p = await agent.call({ question: 'What is 5! + 3!?' });
 * p.answer; p.trajectory; // { generated_code_0, code_output_0, ... }
 */
export class CodeAct<S extends SignatureLike = SignatureLike> extends Program<
  InputsOf<S>,
  Prediction<CodeActOutputs<S>>
> {
  readonly signature: SignatureSpec<any, any>;
  readonly tools: Record<string, Tool>;
  readonly codeact: Predict<any>;
  readonly extractor: ChainOfThought<any>;
  readonly sandbox: Sandbox;
  maxIters: number;
  maxToolCalls: number;
  runOptions: Omit<SandboxRunOptions, 'signal' | 'globals'>;

  constructor(signature: S, options: CodeActOptions) {
    super();
    if (!isSandbox(options?.sandbox))
      throw new DspyError(
        'CONFIG_INVALID',
        'CodeAct needs a sandbox to run the generated code: `new CodeAct(sig, { tools, sandbox: new JsSandbox() })` with JsSandbox from @dspy-ts/sandbox.',
      );
    const maxIters = options.maxIters ?? 5;
    if (!Number.isInteger(maxIters) || maxIters < 1)
      throw new DspyError(
        'CONFIG_INVALID',
        `CodeAct: \`maxIters\` must be a whole number of at least 1; got ${String(maxIters)}.`,
      );
    this.signature = getSignature(signature);
    const tools: Record<string, Tool> = {};
    for (const t of options.tools ?? []) {
      const tool = t instanceof Tool ? t : new Tool(t as ToolFunction);
      const id = toolIdentifier(tool.name);
      if (Object.values(tools).some((o) => toolIdentifier(o.name) === id))
        throw new DspyError('CONFIG_INVALID', `CodeAct: two tools are both called ${id} in code; rename one.`);
      tools[tool.name] = tool;
    }
    this.tools = tools;
    this.sandbox = options.sandbox;
    this.maxIters = maxIters;
    this.maxToolCalls = options.maxToolCalls ?? 20;
    this.runOptions = { ...options.runOptions };
    this.codeact = new Predict(codeActSignature(this.signature, tools, options.sandbox.language));
    this.extractor = new ChainOfThought(
      new SignatureSpec({
        name: 'StringSignature',
        instructions: this.signature.instructions,
        fields: [...this.signature.inputFields, inputField('trajectory', T.string), ...this.signature.outputFields],
        target: this.signature.target,
      }),
    );
  }

  async forward(inputs: InputsOf<S>, options: CodeActCallOptions = {}): Promise<Prediction<CodeActOutputs<S>>> {
    const { maxIters = this.maxIters, signal } = options;
    const given = inputs as Record<string, unknown>;
    const userInputs: Record<string, unknown> = {};
    for (const f of this.signature.inputFields) if (f.name in given) userInputs[f.name] = given[f.name];
    const trajectory: Trajectory = {};
    for (let idx = 0; idx < maxIters; idx++) {
      // As in DSPy, the step sees the trajectory as a JSON object (a dict given to a str field).
      const step = (await this.codeact.call(
        { ...userInputs, trajectory: { ...trajectory } },
        { signal },
      )) as Prediction<{
        generated_code: string;
        finished: boolean;
      }>;
      const parsed = parseGeneratedCode(step.generated_code);
      if (parsed.error !== undefined) {
        trajectory[`observation_${idx}`] = `Failed to parse the generated code: ${parsed.error}`;
        continue;
      }
      trajectory[`generated_code_${idx}`] = parsed.code;
      const run = await runWithTools(this.sandbox, parsed.code, this.tools, {
        runOptions: this.runOptions,
        maxToolCalls: this.maxToolCalls,
        signal,
      });
      if (run.error === undefined) trajectory[`code_output_${idx}`] = run.output;
      else trajectory[`observation_${idx}`] = `Failed to execute the generated code: ${run.error}`;
      if (step.finished) break;
    }
    const format = (t: Trajectory) => formatTrajectory(t, resolveAdapter(undefined));
    const extracted = await withTrajectoryTruncation(trajectory, truncateTrajectory, format, (formatted) =>
      this.extractor.call({ ...userInputs, trajectory: formatted }, { signal }),
    );
    return new Prediction({ trajectory, ...Object.fromEntries(extracted.items()) }) as unknown as Prediction<
      CodeActOutputs<S>
    >;
  }
}

/**
 * DSPy's CodeAct step signature and instructions, with the sandbox's language in place of Python
 * and one sentence on how tools are called from JavaScript.
 *
 * @example
 * codeActSignature(getSignature('n -> factorial'), { factorial }, 'JavaScript').instructions;
 */
export function codeActSignature(
  signature: SignatureSpec<any, any>,
  tools: Readonly<Record<string, Tool>>,
  language: string,
): SignatureSpec<any, any> {
  const names = (fields: readonly { name: string }[]) => fields.map((f) => `\`${f.name}\``).join(', ');
  const inputs = names(signature.inputFields);
  const outputs = names(signature.outputFields);
  const lines = signature.instructions ? [`${signature.instructions}\n`] : [];
  lines.push(
    `You are an intelligent agent. For each episode, you will receive the fields ${inputs} as input.\n` +
      `Your goal is to generate executable ${language} code that collects any necessary information for producing ${outputs}.\n` +
      'For each iteration, you will generate a code snippet that either solves the task or progresses towards the solution.\n' +
      'Ensure any output you wish to extract from the code is printed to the console. The code should be enclosed in a fenced code block.\n' +
      `When all information for producing the outputs (${outputs}) are available to be extracted, mark \`finished=True\` besides the final ${language} code.\n` +
      `You have access to the ${language} built-ins and the following functions, which you call synchronously with one object of named arguments (for example \`${exampleCall(tools)}\`):`,
  );
  Object.values(tools).forEach((tool, i) =>
    lines.push(`(${i + 1}) ${String(tool).replace(tool.name, toolIdentifier(tool.name))}`),
  );
  return new SignatureSpec({
    name: 'StringSignature',
    instructions: lines.join('\n'),
    fields: [
      ...signature.inputFields,
      inputField('trajectory', T.string),
      outputField('generated_code', T.string, {
        desc: `${language} code that when executed, produces output relevant to answering the question`,
      }),
      outputField('finished', T.boolean, { desc: 'a boolean flag to determine if the process is done' }),
    ],
  });
}

function exampleCall(tools: Readonly<Record<string, Tool>>): string {
  const first = Object.values(tools)[0];
  if (!first) return 'tool({ arg: value })';
  const arg = Object.keys(first.args)[0];
  return `${toolIdentifier(first.name)}(${arg ? `{ ${arg}: ... }` : ''})`;
}
