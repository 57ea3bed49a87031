import { AdapterParseError, DspyError } from '../errors/dspy-error';
import { isLanguageModel, type LanguageModel, type LmCallOptions } from '../lm/language-model';
import type { ChatMessage } from '../lm/messages';
import type { FieldSpec } from '../signature/field-spec';
import { inputField } from '../signature/field-factory';
import { SignatureSpec, type Spec } from '../signature/signature-spec';
import type { AdapterCallArgs, AdapterCallResult, Demo, ParsedOutputs } from './adapter';
import { BaseAdapter, type UserMessageOptions } from './base-adapter';
import { ChatAdapter } from './chat-adapter';
import { fieldDescriptionString } from './field-description';
import { validateParsed } from './validation-seam';
import { pyRepr, pyStr, pyStrip } from '../py';
import { History } from '../types/history';

// The extractor signature of each original signature, built once.
const extractors = new WeakMap<Spec, Spec>();

/**
 * DSPy 3.4.1's `TwoStepAdapter`: the main LM gets a plain prompt (a task description and
 * `name: value` inputs, no output format to follow, which suits reasoning models), then a second,
 * usually smaller `extractionModel` pulls the output fields out of that free text through
 * `ChatAdapter` with a `text -> outputs` signature. Prompts are byte-identical to DSPy 3.4.1.
 * `parse` needs an LM call, so it is `parseAsync` here.
 *
 * @example
 * const adapter = new TwoStepAdapter(new OllamaLM({ model: 'llama3.2:1b' }));
 * configure({ lm: new OllamaLM({ model: 'deepseek-r1' }), adapter });
 * const p = await new ChainOfThought('question -> answer: int').call({ question: '6 * 7?' });
 */
export class TwoStepAdapter extends BaseAdapter {
  readonly name: string = 'TwoStepAdapter';

  constructor(readonly extractionModel: LanguageModel) {
    super();
    if (!isLanguageModel(extractionModel))
      throw new DspyError(
        'CONFIG_INVALID',
        'TwoStepAdapter needs an extraction model: new TwoStepAdapter(lm), where lm is a LanguageModel (e.g. a BaseLM subclass).',
      );
  }

  /** System: the task description; then the demos; then the inputs as `name: value` (no output format). */
  override format(signature: Spec, demos: readonly Demo[], inputs: Readonly<Record<string, unknown>>): ChatMessage[] {
    return [
      { role: 'system', content: this.formatSystemMessage(signature) },
      ...this.formatDemos(signature, demos),
      { role: 'user', content: this.formatUserMessageContent(signature, inputs) },
    ];
  }

  override formatSystemMessage(signature: Spec): string {
    const parts = [
      'You are a helpful assistant that can solve tasks based on user input.',
      `As input, you will be provided with:\n${fieldDescriptionString(signature.inputFields)}`,
      `Your outputs must contain:\n${fieldDescriptionString(signature.outputFields)}`,
      'You should lay out your outputs in detail so that your answer can be understood by another agent',
    ];
    if (signature.instructions) parts.push(`Specific instructions: ${signature.instructions}`);
    return parts.join('\n');
  }

  override formatUserMessageContent(
    signature: Spec,
    inputs: Readonly<Record<string, unknown>>,
    options: UserMessageOptions = {},
  ): string {
    const parts = [options.prefix ?? ''];
    for (const f of signature.inputFields) if (f.name in inputs) parts.push(`${f.name}: ${show(inputs[f.name])}`);
    parts.push(options.suffix ?? '');
    return pyStrip(parts.join('\n\n'));
  }

  formatAssistantMessageContent(signature: Spec, outputs: Readonly<Record<string, unknown>>): string {
    const parts = signature.outputFields
      .filter((f) => f.name in outputs)
      .map((f) => `${f.name}: ${show(outputs[f.name])}`);
    return pyStrip(parts.join('\n\n'));
  }

  formatFieldsWithValues(fields: readonly { field: FieldSpec; value: unknown }[]): string {
    return pyStrip(fields.map(({ field, value }) => `${field.name}: ${show(value)}`).join('\n\n'));
  }

  protected formatFieldStructure(): string {
    return '';
  }

  protected userMessageOutputRequirements(): string {
    return '';
  }

  /** Not available synchronously: extracting the fields calls the extraction model. Use `parseAsync`. */
  parse(): ParsedOutputs {
    throw new DspyError(
      'NOT_SUPPORTED',
      'TwoStepAdapter.parse needs an LM call (the extraction model); use await adapter.parseAsync(signature, completion).',
    );
  }

  /**
   * The output fields of `completion` (the main LM's free text), extracted by the extraction model
   * through `ChatAdapter`. A reply it cannot parse is an `AdapterParseError` of TwoStepAdapter.
   *
   * @example
   * await adapter.parseAsync(signature('question -> answer: int'), 'It is 42.'); // { answer: 42 }
   */
  async parseAsync(signature: Spec, completion: string, signal?: AbortSignal): Promise<ParsedOutputs> {
    const extractor = extractorSignature(signature);
    const options: LmCallOptions = signal ? { signal } : {};
    try {
      // No stream is passed: the extraction is not the streamed predictor's reply.
      const { completions } = await new ChatAdapter().call({
        lm: this.extractionModel,
        options,
        signature: extractor,
        demos: [],
        inputs: { text: completion },
      });
      // Validated again against the original signature (its class, class-validator rules).
      return validateParsed(signature, completions[0]!);
    } catch (err) {
      if (!(err instanceof AdapterParseError)) throw err;
      throw new AdapterParseError({
        adapterName: this.name,
        signatureName: signature.name,
        lmResponse: completion,
        message: `Failed to parse response from the original completion: ${err.message}`,
        cause: err,
      });
    }
  }

  /** Main LM call (streamed under `streamify`: tokens only, the text is free-form), then one extraction per completion. */
  override async call(args: AdapterCallArgs): Promise<AdapterCallResult> {
    const messages = this.format(args.signature, args.demos, args.inputs);
    const response = args.stream
      ? await args.stream.complete({
          adapter: this,
          signature: args.signature,
          lm: args.lm,
          messages,
          options: args.options,
        })
      : await args.lm.call(messages, args.options);
    const completions: ParsedOutputs[] = [];
    for (const output of response.outputs)
      completions.push(await this.parseAsync(args.signature, output.text ?? '', args.options.signal));
    return { completions, raw: response.outputs };
  }
}

/** Python's `str(value)`; a `History` prints as pydantic prints a model (`messages=[...]`). */
function show(value: unknown): string {
  return value instanceof History ? `messages=${pyRepr([...value.messages])}` : pyStr(value);
}

/**
 * DSPy's `_create_extractor_signature`: `text` plus the original output fields, with DSPy's
 * instructions (including the indentation its line continuation leaves in the string).
 */
export function extractorSignature(signature: Spec): Spec {
  let spec = extractors.get(signature);
  if (spec) return spec;
  const outputs = signature.outputFields.map((f) => `\`${f.name}\``).join(', ');
  const instructions =
    `The input is a text that should contain all the necessary information to produce the fields ${outputs}. ` +
    '            Your job is to extract the fields from the text verbatim. Extract precisely the appropriate value (content) for each field.';
  spec = new SignatureSpec({
    name: 'StringSignature',
    instructions,
    fields: [inputField('text'), ...signature.outputFields],
  });
  extractors.set(signature, spec);
  return spec;
}
