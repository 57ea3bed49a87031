import { observationActive, observe } from '../observability/observe';
import type { LmCallOptions, LmOutput } from '../lm/language-model';
import type { ChatMessage } from '../lm/messages';
import type { FieldSpec } from '../signature/field-spec';
import { SignatureSpec, type Spec } from '../signature/signature-spec';
import { inputField } from '../signature/field-factory';
import type { Adapter, AdapterCallArgs, AdapterCallResult, Demo, ParsedOutputs } from './adapter';
import { historyField, toHistory } from '../types/history';
import { isToolCallsType, resultsJson, ToolCalls, toolCallsInMessage } from '../types/tool-calls';
import { INCOMPLETE_DEMO_PREFIX, MISSING_IN_EXAMPLE, MISSING_IN_HISTORY, splitDemos } from './demos';
import { fieldDescriptionString } from './field-description';
import { validateParsed } from './validation-seam';
import { applyOutputDefaults } from './value-parse';
import { AdapterParseError } from '../errors/dspy-error';
import { pyDedent, pyJsonDumps, pySplitLines, pyStrip } from '../py';
import { fieldBlock } from './value-format';
import { expandCustomTypes } from '../types/custom-type-parts';

/** What never changes for one adapter class and one signature; built once. */
interface StaticParts {
  readonly system: string;
  readonly requirements: string;
}

// Keyed by adapter class, then by the (immutable) spec: nothing static is rebuilt per call.
const staticCache = new WeakMap<Function, WeakMap<Spec, StaticParts>>();
// DSPy's `_TOOL_CALL_RESULTS_SIGNATURE`: the user turn that carries a history turn's tool results.
let toolCallResultsSpec: Spec | undefined;
function toolCallResultsSignature(): Spec {
  return (toolCallResultsSpec ??= new SignatureSpec({
    name: 'ToolCallResults',
    fields: [inputField('tool_call_results', { kind: 'any' })],
  }));
}

// The render signature of a history-taking spec (history field removed), built once per spec.
const withoutHistory = new WeakMap<Spec, Spec>();

/**
 * Options of `formatUserMessageContent`.
 *
 * @example
 * adapter.formatUserMessageContent(spec, demo, { prefix: INCOMPLETE_DEMO_PREFIX });
 */
export interface UserMessageOptions {
  readonly prefix?: string;
  readonly suffix?: string;
  /** The final request: append the output requirements. */
  readonly mainRequest?: boolean;
}

/**
 * The pipeline DSPy's `Adapter` base class runs, shared by `ChatAdapter` and `JSONAdapter`:
 * system message (field description, field structure, task description), demos (incomplete
 * first), history turns, then the final request; `call` formats, calls the LM and parses and
 * validates every completion. Subclasses supply the field structure, the assistant format and
 * `parse`. The static parts of a prompt are cached per adapter class and signature.
 *
 * @example
 * class MyAdapter extends BaseAdapter { readonly name = 'MyAdapter'; ... }
 */
export abstract class BaseAdapter implements Adapter {
  abstract readonly name: string;

  protected abstract formatFieldStructure(signature: Spec): string;
  protected abstract userMessageOutputRequirements(signature: Spec): string;
  abstract formatAssistantMessageContent(
    signature: Spec,
    outputs: Readonly<Record<string, unknown>>,
    missingFieldMessage?: string,
  ): string;
  abstract formatFieldsWithValues(
    fields: readonly { field: FieldSpec; value: unknown }[],
    role?: 'user' | 'assistant',
  ): string;
  abstract parse(signature: Spec, completion: string): ParsedOutputs;

  formatSystemMessage(signature: Spec): string {
    return this.staticParts(signature).system;
  }

  protected formatFieldDescription(signature: Spec): string {
    return `Your input fields are:\n${fieldDescriptionString(signature.inputFields)}\nYour output fields are:\n${fieldDescriptionString(signature.outputFields)}`;
  }

  protected formatTaskDescription(signature: Spec): string {
    const lines = pySplitLines(pyDedent(signature.instructions));
    return `In adhering to this structure, your objective is: ${lines.map((l) => `\n        ${l}`).join('')}`;
  }

  /** Input fields present in `inputs` as `[[ ## name ## ]]` blocks, plus prefix/suffix and requirements. */
  formatUserMessageContent(
    signature: Spec,
    inputs: Readonly<Record<string, unknown>>,
    options: UserMessageOptions = {},
  ): string {
    const parts = [options.prefix ?? ''];
    for (const f of signature.inputFields) {
      if (inputs[f.name] !== undefined) parts.push(fieldBlock(f, inputs[f.name]));
    }
    if (options.mainRequest) parts.push(this.staticParts(signature).requirements);
    parts.push(options.suffix ?? '');
    return pyStrip(parts.join('\n\n'));
  }

  format(signature: Spec, demos: readonly Demo[], inputs: Readonly<Record<string, unknown>>): ChatMessage[] {
    const messages: ChatMessage[] = [{ role: 'system', content: this.formatSystemMessage(signature) }];
    messages.push(...this.formatDemos(signature, demos));
    const history = historyField(signature.inputFields);
    let request = signature;
    if (history) {
      request = withoutHistory.get(signature) ?? signature.deleteField(history.name);
      withoutHistory.set(signature, request);
      const value = inputs[history.name];
      if (value !== undefined && value !== null)
        messages.push(...this.formatConversationHistory(request, toHistory(value, history.name).messages));
    }
    const content = this.formatUserMessageContent(request, inputs, { mainRequest: true });
    if (content) messages.push({ role: 'user', content });
    // Like DSPy, user turns holding custom-type markers (images) become multi-part content.
    return messages.map(expandCustomTypes);
  }

  /**
   * DSPy's `format_demos`: incomplete demos first (opened with `INCOMPLETE_DEMO_PREFIX`, missing
   * outputs marked), then complete ones, each as a user/assistant pair.
   */
  protected formatDemos(signature: Spec, demos: readonly Demo[]): ChatMessage[] {
    const { complete, incomplete } = splitDemos(signature, demos);
    const messages: ChatMessage[] = [];
    for (const demo of incomplete) {
      messages.push({
        role: 'user',
        content: this.formatUserMessageContent(signature, demo, { prefix: INCOMPLETE_DEMO_PREFIX }),
      });
      messages.push({
        role: 'assistant',
        content: this.formatAssistantMessageContent(signature, demo, MISSING_IN_EXAMPLE),
      });
    }
    for (const demo of complete) {
      messages.push({ role: 'user', content: this.formatUserMessageContent(signature, demo) });
      messages.push({
        role: 'assistant',
        content: this.formatAssistantMessageContent(signature, demo, MISSING_IN_HISTORY),
      });
    }
    return messages;
  }

  /**
   * Each history message as a user turn (its inputs, with the output reminder, as DSPy 3.4.1 keeps it
   * for prompt-cache reuse) and an assistant turn (its outputs); a message without inputs has no user turn.
   */
  protected formatConversationHistory(
    signature: Spec,
    history: readonly Readonly<Record<string, unknown>>[],
  ): ChatMessage[] {
    const messages: ChatMessage[] = [];
    for (const message of history) {
      const mainRequest = signature.inputFields.some((f) => f.name in message);
      const user = this.formatUserMessageContent(signature, message, { mainRequest });
      if (user) messages.push({ role: 'user', content: user });
      const calls = toolCallsInMessage(message);
      if (calls && this.nativeToolCallTurns()) {
        messages.push(...this.formatNativeToolCallTurn(signature, message, calls[1]));
        continue;
      }
      // DSPy 3.4.1: a turn whose tool calls carry results shows the calls without them, then a
      // user turn with the results (non-native function calling).
      const results = calls?.[1].toolCallResults;
      const values = calls && results ? { ...message, [calls[0]]: new ToolCalls(calls[1].toolCalls) } : message;
      const assistant = this.formatAssistantMessageContent(signature, values);
      if (assistant) messages.push({ role: 'assistant', content: assistant });
      if (results) {
        const content = this.formatUserMessageContent(toolCallResultsSignature(), {
          tool_call_results: { tool_call_results: resultsJson(results) },
        });
        messages.push({ role: 'user', content });
      }
    }
    return messages;
  }

  /** Whether history turns with tool calls are replayed as native tool-call messages (DSPy's `use_native_function_calling`). */
  protected nativeToolCallTurns(): boolean {
    return false;
  }

  /**
   * DSPy 3.4.1's native form of a history turn with tool calls: an assistant message with the other
   * outputs as content and, when every call has a matching result id, the calls as `toolCalls`,
   * followed by one `tool` message per result. A turn without results keeps only its other outputs.
   */
  protected formatNativeToolCallTurn(
    signature: Spec,
    message: Readonly<Record<string, unknown>>,
    calls: ToolCalls,
  ): ChatMessage[] {
    let contentSignature = signature;
    for (const f of signature.outputFields)
      if (isToolCallsType(f.type) || message[f.name] === undefined || message[f.name] === null)
        contentSignature = contentSignature.deleteField(f.name);
    const content = contentSignature.outputFields.length
      ? this.formatAssistantMessageContent(contentSignature, message)
      : '';
    let results = calls.toolCallResults;
    if (results) {
      const ids = calls.toolCalls.map((c) => c.id);
      const resultIds = results.map((r) => r.callId);
      if (ids.length !== resultIds.length || ids.some((id, i) => !id || id !== resultIds[i])) results = null;
    }
    const messages: ChatMessage[] = [];
    if (content || results)
      messages.push({
        role: 'assistant',
        content,
        ...(results
          ? { toolCalls: calls.toolCalls.map((c) => ({ id: c.id!, name: c.name, args: { ...c.args } })) }
          : {}),
      });
    for (const r of results ?? [])
      messages.push({
        role: 'tool',
        toolCallId: r.callId!,
        name: r.name,
        content: typeof r.value === 'string' ? r.value : pyJsonDumps(r.value),
      });
    return messages;
  }

  call(args: AdapterCallArgs): Promise<AdapterCallResult> {
    return this.run(args, args.options);
  }

  /** One format → LM → parse/validate round with the given LM options. */
  protected async run(args: AdapterCallArgs, options: LmCallOptions): Promise<AdapterCallResult> {
    const format = () => this.format(args.signature, args.demos, args.inputs);
    const observed = observationActive();
    const messages = observed
      ? observe(
          {
            kind: 'adapterFormat',
            instance: this,
            name: this.name,
            inputs: { signature: args.signature, demos: args.demos, inputs: args.inputs },
          },
          format,
        )
      : format();
    // Under `streamify` the predictor passes a stream: it streams the reply and parses it as it comes.
    const response = args.stream
      ? await args.stream.complete({ adapter: this, signature: args.signature, lm: args.lm, messages, options })
      : await args.lm.call(messages, options);
    const parse = () => response.outputs.map((o: LmOutput) => this.postprocess(args.signature, o));
    const completions = observed
      ? observe(
          {
            kind: 'adapterParse',
            instance: this,
            name: this.name,
            inputs: { signature: args.signature, outputs: response.outputs },
          },
          parse,
        )
      : parse();
    return { completions, raw: response.outputs };
  }

  /**
   * DSPy's `_call_postprocess` for one completion: parse its text, fill defaults, make sure every
   * output key exists, then validate. Empty text is an error unless the model returned native
   * tool calls (their outputs are then left to defaults; callers read the calls from `raw`).
   */
  protected postprocess(signature: Spec, output: LmOutput): ParsedOutputs {
    // Native tool calls carry the answer; like DSPy, the text outputs are then left unset, unvalidated.
    const toolCallsOnly = !output.text && !!output.toolCalls?.length;
    if (!output.text && !toolCallsOnly) {
      throw new AdapterParseError({
        adapterName: this.name,
        signatureName: signature.name,
        lmResponse: output.text ?? '',
        message: 'The LM returned an empty or null response.',
      });
    }
    const value = applyOutputDefaults(signature, output.text ? this.parse(signature, output.text) : {});
    for (const f of signature.outputFields) if (!(f.name in value)) value[f.name] = null;
    return toolCallsOnly ? value : validateParsed(signature, value);
  }

  private staticParts(signature: Spec): StaticParts {
    const ctor = this.constructor;
    let bySpec = staticCache.get(ctor);
    if (!bySpec) staticCache.set(ctor, (bySpec = new WeakMap()));
    let parts = bySpec.get(signature);
    if (!parts) {
      const system = `${this.formatFieldDescription(signature)}\n${this.formatFieldStructure(signature)}\n${this.formatTaskDescription(signature)}`;
      parts = { system, requirements: this.userMessageOutputRequirements(signature) };
      bySpec.set(signature, parts);
    }
    return parts;
  }
}

/**
 * DSPy drops native tool options unless the adapter uses native function calling.
 *
 * @example
 * withoutTools({ tools, temperature: 0 }); // { temperature: 0 }
 */
export function withoutTools(options: LmCallOptions): LmCallOptions {
  if (options.tools === undefined) return options;
  const { tools: _t, ...rest } = options;
  return rest;
}
