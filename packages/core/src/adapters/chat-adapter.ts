import type { LmCallOptions } from '../lm/language-model';
import type { FieldSpec } from '../signature/field-spec';
import type { Spec } from '../signature/signature-spec';
import type { AdapterCallArgs, AdapterCallResult, ParsedOutputs } from './adapter';
import { BaseAdapter, withoutTools } from './base-adapter';
import { fieldPlaceholder, requirementTypeInfo } from './field-description';
import { JSONAdapter } from './json-adapter';
import {
  fallbackFailed,
  fieldParseError,
  hasExactlyOutputs,
  isParseFailure,
  isValueError,
  missingFieldsError,
} from './parse-errors';
import { pySplitLines, pyStrip } from '../py';
import { fieldBlocks, outputFieldValues } from './value-format';
import { applyOutputDefaults, parseValue } from './value-parse';
import { ChatFieldParser } from '../streaming/chat-field-parser';
import type { FieldEvent, FieldStreamParser } from '../streaming/stream-events';

/** DSPy's `field_header_pattern` (`\w` is Unicode-aware in Python). */
const HEADER = /^\[\[ ## ([\p{L}\p{N}_]+) ## \]\]/u;

/**
 * @example
 * new ChatAdapter({ useJsonAdapterFallback: false });
 */
export interface ChatAdapterOptions {
  /**
   * Retry once with `JSONAdapter` when the reply cannot be parsed or validated (default true).
   * LM failures, programming bugs and replies whose stream the consumer already saw are never retried.
   */
  readonly useJsonAdapterFallback?: boolean;
  /** Keep `tools` in the LM options (default false: like DSPy, the chat format drops them). */
  readonly useNativeFunctionCalling?: boolean;
}

/**
 * DSPy's default adapter: fields delimited by `[[ ## name ## ]]` headers, replies ending with
 * `[[ ## completed ## ]]`. Prompts match DSPy 3.4.1 byte for byte. As in DSPy 3.4.1, when a reply
 * cannot be parsed or validated the call is retried once with `JSONAdapter`; nothing else is
 * retried (LM failures, bugs, or a streamed reply the consumer already saw). If the retry fails
 * too, the error keeps this adapter's parse error as `cause` and leads with its message.
 *
 * @example
 * const adapter = new ChatAdapter();
 * const { completions } = await adapter.call({ lm, options: {}, signature: qa, demos: [], inputs: { question: 'Capital of France?' } });
 * completions[0].answer; // 'Paris'
 */
export class ChatAdapter extends BaseAdapter {
  readonly name: string = 'ChatAdapter';
  readonly useJsonAdapterFallback: boolean;
  readonly useNativeFunctionCalling: boolean;

  constructor(options: ChatAdapterOptions = {}) {
    super();
    this.useJsonAdapterFallback = options.useJsonAdapterFallback ?? true;
    this.useNativeFunctionCalling = options.useNativeFunctionCalling ?? false;
  }

  protected override nativeToolCallTurns(): boolean {
    return this.useNativeFunctionCalling;
  }

  override async call(args: AdapterCallArgs): Promise<AdapterCallResult> {
    const options: LmCallOptions = this.useNativeFunctionCalling ? args.options : withoutTools(args.options);
    try {
      return await this.run(args, options);
    } catch (err) {
      if (!isParseFailure(err) || !this.useJsonAdapterFallback || args.stream?.emitted) throw err;
      try {
        return await new JSONAdapter({ useNativeFunctionCalling: this.useNativeFunctionCalling }).call({
          ...args,
          options,
        });
      } catch (fallbackErr) {
        if (!isParseFailure(fallbackErr)) throw fallbackErr;
        throw fallbackFailed(this.name, err, fallbackErr);
      }
    }
  }

  /** Streams `[[ ## field ## ]]` sections as field events. */
  createStreamParser(signature: Spec, emit: (event: FieldEvent) => void): FieldStreamParser {
    return new ChatFieldParser(signature, emit);
  }

  protected formatFieldStructure(signature: Spec): string {
    const placeholders = (fields: readonly FieldSpec[]) =>
      this.formatFieldsWithValues(fields.map((f) => ({ field: f, value: fieldPlaceholder(f) })));
    const parts = [
      'All interactions will be structured in the following way, with the appropriate values filled in.',
      placeholders(signature.inputFields),
      placeholders(signature.outputFields),
      '[[ ## completed ## ]]\n',
    ];
    return pyStrip(parts.join('\n\n'));
  }

  protected userMessageOutputRequirements(signature: Spec): string {
    const fields = signature.outputFields
      .map((f) => `\`[[ ## ${f.name} ## ]]\`${requirementTypeInfo(f)}`)
      .join(', then ');
    return `Respond with the corresponding output fields, starting with the field ${fields}, and then ending with the marker for \`[[ ## completed ## ]]\`.`;
  }

  formatAssistantMessageContent(
    signature: Spec,
    outputs: Readonly<Record<string, unknown>>,
    missingFieldMessage?: string,
  ): string {
    const fields = outputFieldValues(signature.outputFields, outputs, missingFieldMessage);
    return `${this.formatFieldsWithValues(fields)}\n\n[[ ## completed ## ]]\n`;
  }

  formatFieldsWithValues(fields: readonly { field: FieldSpec; value: unknown }[]): string {
    return fieldBlocks(fields);
  }

  /**
   * Splits the reply at `[[ ## name ## ]]` lines (text on the header line is kept, cut as DSPy
   * cuts it when the line has leading whitespace; text before
   * the first header is dropped); the first section of each output field wins; unknown headers
   * (`completed` included) are ignored. Then defaults, then an exact check of the output keys.
   */
  parse(signature: Spec, completion: string): ParsedOutputs {
    const sections: [string | undefined, string[]][] = [[undefined, []]];
    for (const line of pySplitLines(completion)) {
      const stripped = pyStrip(line);
      const m = HEADER.exec(stripped);
      if (!m) {
        sections[sections.length - 1]![1].push(line);
        continue;
      }
      // DSPy slices the unstripped line at the end of the match in the stripped one, so leading
      // whitespace moves the cut into the header: `   [[ ## a ## ]] x` keeps `]] x`. Python counts code points.
      const rest = pyStrip(Array.from(line).slice(Array.from(m[0]).length).join(''));
      sections.push([m[1], rest ? [rest] : []]);
    }
    const fields: Record<string, unknown> = {};
    for (const [name, lines] of sections) {
      const field = name === undefined ? undefined : signature.field(name);
      if (!field || field.role !== 'output' || field.name in fields) continue;
      const value = pyStrip(lines.join('\n'));
      try {
        fields[field.name] = parseValue(value, field);
      } catch (err) {
        if (!isValueError(err)) throw err; // a bug, not a bad reply (DSPy 3.4.1 catches only ValueError)
        throw fieldParseError(this.name, signature, completion, field.name, value, err);
      }
    }
    const completed = applyOutputDefaults(signature, fields);
    if (!hasExactlyOutputs(signature, completed)) throw missingFieldsError(this.name, signature, completion, completed);
    return completed;
  }
}
