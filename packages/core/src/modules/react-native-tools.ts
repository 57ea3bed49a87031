import type { Adapter, AdapterCallArgs, AdapterCallResult, ParsedOutputs } from '../adapters/adapter';
import { DspyError } from '../errors/dspy-error';
import type { LanguageModel, LmOutput } from '../lm/language-model';
import type { ToolDefinition } from '../lm/messages';
import type { FieldSpec } from '../signature/field-spec';
import type { Spec } from '../signature/signature-spec';
import { validateOutputs } from '../signature/validate';
import { isLmFailure } from '../utils/describe-error';

// LMs that refused a request carrying tools (e.g. an Ollama model without tool support):
// later steps go straight to the text protocol instead of failing the same way again.
const refusedTools = new WeakSet<LanguageModel>();

/**
 * Wraps the adapter of ReAct's step predictor to use native tool calling when the LM offers it
 * (`capabilities.nativeTools`): the same prompt is sent with the tools in `LmCallOptions.tools`,
 * and a returned tool call becomes `next_tool_name`/`next_tool_args` (its text, or the model's
 * reasoning, is `next_thought`). Everything else falls back to the text protocol: LMs without
 * native tools, replies without a tool call (their text is parsed as usual, and if that fails the
 * step is asked again through the wrapped adapter), calls of unknown tools, and LMs that refuse
 * tools outright.
 *
 * @example
 * await react.react.call(inputs, { adapter: new NativeToolCallAdapter(new ChatAdapter(), tools.map((t) => t.toDefinition())) });
 */
export class NativeToolCallAdapter implements Adapter {
  readonly name: string;

  constructor(
    readonly inner: Adapter,
    readonly tools: readonly ToolDefinition[],
  ) {
    this.name = inner.name;
  }

  formatSystemMessage(signature: Spec): string {
    return this.inner.formatSystemMessage(signature);
  }

  format(...args: Parameters<Adapter['format']>): ReturnType<Adapter['format']> {
    return this.inner.format(...args);
  }

  parse(signature: Spec, completion: string): ParsedOutputs {
    return this.inner.parse(signature, completion);
  }

  formatFieldsWithValues(fields: readonly { field: FieldSpec; value: unknown }[], role?: 'user' | 'assistant'): string {
    return this.inner.formatFieldsWithValues(fields, role);
  }

  async call(args: AdapterCallArgs): Promise<AdapterCallResult> {
    if (!args.lm.capabilities.nativeTools || refusedTools.has(args.lm) || this.tools.length === 0)
      return this.inner.call(args);
    const messages = this.inner.format(args.signature, args.demos, args.inputs);
    let outputs: readonly LmOutput[];
    try {
      outputs = (await args.lm.call(messages, { ...args.options, tools: this.tools })).outputs;
    } catch (err) {
      if (!refusesTools(err)) throw err;
      refusedTools.add(args.lm);
      return this.inner.call(args);
    }
    try {
      return { completions: outputs.map((o) => this.fromOutput(args.signature, o)), raw: outputs };
    } catch (err) {
      if (isLmFailure(err)) throw err;
      return this.inner.call(args);
    }
  }

  /** One reply as step outputs: its first tool call, else its text in the adapter's format. */
  private fromOutput(signature: Spec, output: LmOutput): ParsedOutputs {
    const call = output.toolCalls?.[0];
    if (!call) return validateOutputs(signature, this.inner.parse(signature, output.text)) as ParsedOutputs;
    const thought = output.text.trim() || output.reasoning?.trim() || '';
    return validateOutputs(signature, {
      next_thought: thought,
      next_tool_name: call.name,
      next_tool_args: call.args ?? {},
    }) as ParsedOutputs;
  }
}

/** A provider's "this model does not support tools" answer (HTTP 400 naming tools). */
function refusesTools(err: unknown): boolean {
  if (!DspyError.is(err, 'LM_ERROR')) return false;
  const status = (err as { status?: number }).status;
  return (status === undefined || status === 400 || status === 422) && /tool/i.test(err.message);
}
