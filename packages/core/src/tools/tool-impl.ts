import { DspyError } from '../errors/dspy-error';
import type { ToolDefinition } from '../lm/messages';
import { pyRepr } from '../py';
import type { JsonSchema } from '../signature/json-schema';
import { describeError } from '../utils/describe-error';
import { type ArgsClass, type ArgsSchema, type ArgsSpec, argsSpec } from './tool-args';
import { observationActive, observe } from '../observability/observe';

/** What a tool function receives besides its arguments. */
export interface ToolContext {
  /** Fires when the caller gives up or the tool's `timeoutMs` passes; long-running tools should stop. */
  readonly signal: AbortSignal;
}

/** A tool's implementation: one argument object in, any value (or a promise of it) out. */
export type ToolFunction<A = any, R = unknown> = (args: A, context: ToolContext) => R | Promise<R>;

/**
 * @example
 * new Tool(search, { name: 'search', desc: 'Search the docs.', args: SearchArgs, timeoutMs: 5_000 });
 */
export interface ToolOptions {
  /** Default: the function's name. */
  readonly name?: string;
  /** Shown to the model. Default: empty. */
  readonly desc?: string;
  /** An argument class (class-validator decorators) or JSON Schema; without it any arguments pass. */
  readonly args?: ArgsClass | ArgsSchema;
  /** Per-argument descriptions merged into the schemas (DSPy's `arg_desc`). */
  readonly argDesc?: Readonly<Record<string, string>>;
  /** Milliseconds before a call is abandoned (its signal fires); agents see a timeout observation. */
  readonly timeoutMs?: number;
}

/** How one tool call ended; agents turn failures into observations instead of throwing. */
export type ToolOutcome<R = unknown> =
  | { readonly ok: true; readonly value: R }
  | {
      readonly ok: false;
      readonly reason: 'invalid_args' | 'timeout' | 'error';
      readonly error: string;
      readonly cause?: unknown;
    };

/**
 * A function a model may call: name, description and argument schemas for the prompt (or for
 * native tool calling), argument validation before every call, and an optional timeout.
 * `String(tool)` is DSPy's `str(tool)`, used verbatim in ReAct's instructions.
 * Construct it through `Tool` (the exported name; `ToolImpl` is its class).
 *
 * @example
 * const weather = new Tool(async ({ city }: { city: string }) => fetchWeather(city), {
 *   desc: 'Current weather of a city.',
 *   args: { city: { type: 'string' } },
 *   timeoutMs: 5_000,
 * });
 */
export class ToolImpl<A = any, R = unknown> {
  readonly name: string;
  readonly desc: string;
  readonly timeoutMs?: number;
  readonly func: ToolFunction<A, R>;
  private readonly spec: ArgsSpec;

  constructor(func: ToolFunction<A, R>, options: ToolOptions = {}) {
    if (typeof func !== 'function')
      throw new DspyError('CONFIG_INVALID', `A tool needs a function, got ${typeof func}.`);
    const name = options.name ?? func.name;
    // The OpenAI/Ollama function-name rule, so the same tool works natively and in text.
    if (!name || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
      throw new DspyError(
        'CONFIG_INVALID',
        `Tool name ${JSON.stringify(name)} is not usable: give the tool a name of letters, digits, _ or - ({ name: 'search' }).`,
      );
    }
    this.func = func;
    this.name = name;
    this.desc = options.desc ?? '';
    this.timeoutMs = options.timeoutMs;
    this.spec = argsSpec(options.args, options.argDesc);
  }

  /** Per-argument JSON Schema (DSPy's `tool.args`). */
  get args(): Record<string, JsonSchema> {
    return this.spec.properties;
  }

  get required(): readonly string[] {
    return this.spec.required;
  }

  /**
   * Validates the arguments and runs the tool. Invalid arguments and timeouts throw
   * `DspyError('TOOL_ERROR')`; the tool's own errors propagate as they are.
   *
   * @example
   * const passages = await search.call({ query: 'pgvector' });
   */
  async call(args: Record<string, unknown> = {}, options: { signal?: AbortSignal } = {}): Promise<R> {
    const outcome = await this.execute(args, options);
    if (outcome.ok) return outcome.value;
    if (outcome.reason === 'error') throw outcome.cause;
    throw new DspyError('TOOL_ERROR', `Tool ${this.name}: ${outcome.error}`, {
      details: { tool: this.name, reason: outcome.reason },
    });
  }

  /**
   * Like `call`, but never throws for the tool's failures: they come back as an outcome with
   * the text an agent shows the model. Only the caller's own abort is rethrown.
   *
   * @example
   * const outcome = await tool.execute({ query: 42 }); // { ok: false, reason: 'invalid_args', error: "Arg query is invalid: 42 is not of type 'string'" }
   */
  execute(args: Record<string, unknown> = {}, options: { signal?: AbortSignal } = {}): Promise<ToolOutcome<R>> {
    if (!observationActive()) return this.executeOnce(args, options);
    return observe({ kind: 'tool', instance: this, name: this.name, inputs: args }, () =>
      this.executeOnce(args, options),
    );
  }

  private async executeOnce(args: Record<string, unknown>, options: { signal?: AbortSignal }): Promise<ToolOutcome<R>> {
    const checked = this.spec.check(args);
    if (!checked.ok) return { ok: false, reason: 'invalid_args', error: checked.error };
    const controller = new AbortController();
    const outer = options.signal;
    // The caller's abort ends the wait at once, whether or not the tool honours its signal.
    let stop!: (why: { aborted: unknown }) => void;
    const stopped = new Promise<{ aborted: unknown }>((resolve) => (stop = resolve));
    const onAbort = () => {
      controller.abort(outer?.reason);
      stop({ aborted: outer?.reason });
    };
    if (outer?.aborted) onAbort();
    outer?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      if (this.timeoutMs !== undefined) timer = setTimeout(() => resolve('timeout'), this.timeoutMs);
    });
    try {
      const run = Promise.resolve().then(() => this.func(checked.value as A, { signal: controller.signal }));
      const result = await Promise.race([run.then((value) => ({ value })), timedOut, stopped]);
      if (result === 'timeout') {
        controller.abort(new DspyError('TOOL_ERROR', `Tool ${this.name} timed out.`));
        run.catch(() => undefined); // its late failure is no longer anyone's concern
        return { ok: false, reason: 'timeout', error: `Tool ${this.name} timed out after ${this.timeoutMs} ms.` };
      }
      if ('aborted' in result) {
        run.catch(() => undefined);
        throw result.aborted;
      }
      return { ok: true, value: result.value };
    } catch (err) {
      if (outer?.aborted) throw err;
      return { ok: false, reason: 'error', error: describeError(err), cause: err };
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * The tool in the OpenAI function shape, as `LmCallOptions.tools` takes it (DSPy's
   * `format_as_litellm_function_call()["function"]`).
   *
   * @example
   * await lm.call(messages, { tools: [search.toDefinition()] });
   */
  toDefinition(): ToolDefinition {
    return {
      name: this.name,
      description: this.desc,
      parameters: { type: 'object', properties: this.args, required: [...this.required] },
    };
  }

  /** DSPy's `str(tool)`: `search, whose description is <desc>...</desc>. It takes arguments {...}.` */
  toString(): string {
    const desc = this.desc ? `, whose description is <desc>${this.desc}</desc>.`.replace(/\n/g, '  ') : '.';
    return `${this.name}${desc} It takes arguments ${pyRepr(this.args)}.`;
  }
}
