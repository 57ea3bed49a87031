import { ChatAdapter } from '../adapters/chat-adapter';
import { resolveAdapter } from '../context/resolve-lm';
import { Prediction } from '../primitives/prediction';
import { type CallOptions, Program } from '../primitives/program';
import { getSignature } from '../signature/signature-of';
import type { SignatureSpec } from '../signature/signature-spec';
import { Tool, type ToolFunction } from '../tools/tool';
import { ChainOfThought } from './chain-of-thought';
import { Predict } from './predict';
import { NativeToolCallAdapter } from './react-native-tools';
import { extractSignature, finishTool, reactSignature } from './react-signatures';
import {
  formatTrajectory,
  isContextWindowError,
  type Trajectory,
  truncateTrajectory,
  withTrajectoryTruncation,
} from './react-trajectory';
import type { InputsOf, OutputsOf, SignatureLike } from './signature-types';
import { logger } from '../observability/log';

/**
 * @example
 * new ReAct('question -> answer', { tools: [search, ...toolsFrom(kb)], maxIters: 8 });
 */
export interface ReActOptions {
  /** Tools (or plain functions, named by their `name`); a `finish` tool is always added last. */
  readonly tools: readonly (Tool | ToolFunction)[];
  /** Steps before the agent must stop (DSPy's `max_iters`, default 20). */
  readonly maxIters?: number;
  /** Offer the tools natively when the LM supports it (default true); `false` keeps to the text protocol. */
  readonly nativeTools?: boolean;
}

/**
 * Per-call options of ReAct.
 *
 * @example
 * await agent.call({ question }, { maxIters: 3, signal: AbortSignal.timeout(30_000) });
 */
export interface ReActCallOptions extends CallOptions {
  /** Overrides `maxIters` for this call (DSPy's `max_iters=` keyword). */
  readonly maxIters?: number;
}

/** ReAct's result: the signature's outputs, the extractor's reasoning, and every step taken. */
export type ReActOutputs<S> = OutputsOf<S> & { reasoning: string; trajectory: Trajectory };

/**
 * DSPy's ReAct agent. Each step, the `react` predictor sees the inputs and the trajectory so far
 * and picks `next_thought`, `next_tool_name` and `next_tool_args`; the tool runs and its result
 * (or `Execution error in <tool>: ...` for invalid arguments, failures and timeouts) is the step's
 * observation. The loop ends at `finish` or after `maxIters` steps; `extract` (ChainOfThought)
 * then produces the outputs from the trajectory, which comes back with the prediction. A prompt
 * that overflows the context window drops the oldest steps (3 attempts). With an LM that offers
 * native tool calling, tools are also passed natively and tool calls read from the reply, falling
 * back to the text protocol otherwise. Predictors are named `react` and `extract.predict`, so
 * programs saved by DSPy load.
 *
 * @example
 * const agent = new ReAct('question -> answer', { tools: [search], maxIters: 6 });
 * const p = await agent.call({ question: 'Who founded the company that makes the iPhone?' });
 * p.answer; p.trajectory; // { thought_0, tool_name_0, tool_args_0, observation_0, ... }
 */
export class ReAct<S extends SignatureLike = SignatureLike> extends Program<InputsOf<S>, Prediction<ReActOutputs<S>>> {
  readonly signature: SignatureSpec<any, any>;
  maxIters: number;
  nativeTools: boolean;
  readonly tools: Record<string, Tool>;
  readonly react: Predict<any>;
  readonly extract: ChainOfThought<any>;

  constructor(signature: S, options: ReActOptions) {
    super();
    this.signature = getSignature(signature);
    this.maxIters = options.maxIters ?? 20;
    this.nativeTools = options.nativeTools ?? true;
    const tools: Record<string, Tool> = {};
    for (const t of options.tools ?? []) {
      const tool = t instanceof Tool ? t : new Tool(t as ToolFunction);
      tools[tool.name] = tool;
    }
    tools.finish = finishTool(this.signature);
    this.tools = tools;
    this.react = new Predict(reactSignature(this.signature, tools));
    this.extract = new ChainOfThought(extractSignature(this.signature));
  }

  async forward(inputs: InputsOf<S>, options: ReActCallOptions = {}): Promise<Prediction<ReActOutputs<S>>> {
    const { maxIters = this.maxIters, signal } = options;
    const trajectory: Trajectory = {};
    const adapter = this.stepAdapter();
    for (let idx = 0; idx < maxIters; idx++) {
      let step: Record<string, unknown>;
      try {
        step = await this.withTruncation(
          trajectory,
          (formatted) =>
            this.react.call({ ...inputs, trajectory: formatted }, { signal, adapter }) as Promise<
              Prediction<Record<string, unknown>>
            >,
        );
      } catch (err) {
        if (!isContextWindowError(err)) throw err;
        logger().warn({ code: 'DSPY_TS_REACT' }, `Ending the trajectory: ${err.message}`);
        break;
      }
      const name = step.next_tool_name as string;
      const args = step.next_tool_args as Record<string, unknown>;
      trajectory[`thought_${idx}`] = step.next_thought;
      trajectory[`tool_name_${idx}`] = name;
      trajectory[`tool_args_${idx}`] = args;
      trajectory[`observation_${idx}`] = await this.observe(name, args, signal);
      if (name === 'finish') break;
    }
    const extracted = await this.withTruncation(trajectory, (formatted) =>
      this.extract.call({ ...inputs, trajectory: formatted }, { signal }),
    );
    return new Prediction({ trajectory, ...Object.fromEntries(extracted.items()) }) as unknown as Prediction<
      ReActOutputs<S>
    >;
  }

  /**
   * Shortens a trajectory that no longer fits the context window. Default: drop the oldest step.
   * Override for other policies (summarize, keep the first step, ...).
   */
  truncateTrajectory(trajectory: Trajectory): Trajectory {
    return truncateTrajectory(trajectory);
  }

  /** Runs a tool; every failure becomes observation text, as DSPy feeds errors back to the model. */
  private async observe(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
    const tool = this.tools[name];
    if (!tool) return `Execution error in ${name}: there is no tool named ${name}.`;
    const outcome = await tool.execute(args, { signal });
    if (!outcome.ok) return `Execution error in ${name}: ${outcome.error}`;
    return outcome.value === undefined ? null : outcome.value;
  }

  private withTruncation<R>(trajectory: Trajectory, step: (formatted: string) => Promise<R>): Promise<R> {
    // DSPy formats with the configured adapter, not the predictor's.
    const format = (t: Trajectory) => formatTrajectory(t, resolveAdapter(undefined));
    return withTrajectoryTruncation(trajectory, (t) => this.truncateTrajectory(t), format, step);
  }

  /** The step predictor's adapter, wrapped for native tool calling unless that is switched off. */
  private stepAdapter() {
    const inner = resolveAdapter(this.react.adapter) ?? defaultAdapter;
    if (!this.nativeTools) return inner;
    return new NativeToolCallAdapter(
      inner,
      Object.values(this.tools).map((t) => t.toDefinition()),
    );
  }
}

const defaultAdapter = new ChatAdapter();
