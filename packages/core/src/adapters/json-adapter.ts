import { AdapterParseError } from '../errors/dspy-error';
import type { LmCallOptions } from '../lm/language-model';
import type { FieldSpec } from '../signature/field-spec';
import { type JsonSchema, outputsJsonSchema } from '../signature/json-schema';
import type { Spec } from '../signature/signature-spec';
import type { AdapterCallArgs, AdapterCallResult, ParsedOutputs } from './adapter';
import { BaseAdapter, withoutTools } from './base-adapter';
import { fieldPlaceholder, requirementTypeInfo } from './field-description';
import { firstJsonObject, loadsLenient } from './lenient-json';
import { fieldParseError, hasExactlyOutputs, isValueError, missingFieldsError } from './parse-errors';
import { pyJsonDumps, pyStrip } from '../py';
import { fieldBlocks, outputFieldValues, toJsonable } from './value-format';
import { applyOutputDefaults, parseValue } from './value-parse';
import { JsonFieldParser } from '../streaming/json-field-parser';
import type { FieldEvent, FieldStreamParser } from '../streaming/stream-events';

/**
 * @example
 * new JSONAdapter({ useNativeFunctionCalling: false });
 */
export interface JSONAdapterOptions {
  /** Keep `tools` in the LM options (default true, as in DSPy). */
  readonly useNativeFunctionCalling?: boolean;
}

// The outputs' strict JSON schema per (immutable) spec, built on the first call; `null` when it
// cannot be built. Shared by every call: providers only read it.
const outputsSchemas = new WeakMap<Spec, JsonSchema | null>();
function outputsSchemaOf(signature: Spec): JsonSchema | null {
  let schema = outputsSchemas.get(signature);
  if (schema === undefined) {
    try {
      schema = outputsJsonSchema(signature.outputFields);
    } catch {
      schema = null;
    }
    outputsSchemas.set(signature, schema);
  }
  return schema;
}

/**
 * DSPy's `JSONAdapter`: the same system message skeleton as `ChatAdapter`, but outputs are one
 * JSON object. It asks for structured outputs when the LM can: a strict JSON schema of the
 * outputs (`responseFormat: json_schema`) when `capabilities.jsonSchema` (`json_object` when the
 * schema cannot be built); `json_object` when only that is supported or an output is an
 * open-ended `dict`; nothing otherwise. As in DSPy 3.4.1 the format is chosen before the call:
 * a reply that fails to parse is an error, never a second call.
 *
 * @example
 * const { completions } = await new JSONAdapter().call({ lm, options: {}, signature: qa, demos: [], inputs: { question: 'Why?' } });
 */
export class JSONAdapter extends BaseAdapter {
  readonly name: string = 'JSONAdapter';
  readonly useNativeFunctionCalling: boolean;

  constructor(options: JSONAdapterOptions = {}) {
    super();
    this.useNativeFunctionCalling = options.useNativeFunctionCalling ?? true;
  }

  protected override nativeToolCallTurns(): boolean {
    return this.useNativeFunctionCalling;
  }

  override async call(args: AdapterCallArgs): Promise<AdapterCallResult> {
    return this.run(args, this.planResponseFormat(args));
  }

  /**
   * DSPy 3.4.1's `_prepare_response_format`: the format is chosen before the LM call and never
   * changed after it (a schema that cannot be built means `json_object`; a failed call is not retried).
   */
  private planResponseFormat(args: AdapterCallArgs): LmCallOptions {
    const { jsonSchema, jsonObject } = args.lm.capabilities;
    const base = this.useNativeFunctionCalling ? args.options : withoutTools(args.options);
    if (!jsonSchema && !jsonObject) return base;
    const jsonMode: LmCallOptions = jsonObject ? { ...base, responseFormat: { type: 'json_object' } } : base;
    if (!jsonSchema || args.signature.outputFields.some((f) => f.type.kind === 'dict')) return jsonMode;
    const schema = outputsSchemaOf(args.signature);
    if (!schema) return jsonMode; // no LM call happened yet, so nothing is hidden by this
    return { ...base, responseFormat: { type: 'json_schema', name: 'DSPyProgramOutputs', schema, strict: true } };
  }

  /** Streams the reply's JSON object as field events (string values chunk by chunk). */
  createStreamParser(signature: Spec, emit: (event: FieldEvent) => void): FieldStreamParser {
    return new JsonFieldParser(signature, emit);
  }

  protected formatFieldStructure(signature: Spec): string {
    const placeholders = (fields: readonly FieldSpec[], role: 'user' | 'assistant') =>
      this.formatFieldsWithValues(
        fields.map((f) => ({ field: f, value: fieldPlaceholder(f) })),
        role,
      );
    const parts = [
      'All interactions will be structured in the following way, with the appropriate values filled in.',
      'Inputs will have the following structure:',
      placeholders(signature.inputFields, 'user'),
      'Outputs will be a JSON object with the following fields.',
      placeholders(signature.outputFields, 'assistant'),
    ];
    return pyStrip(parts.join('\n\n'));
  }

  protected userMessageOutputRequirements(signature: Spec): string {
    const fields = signature.outputFields.map((f) => `\`${f.name}\`${requirementTypeInfo(f)}`).join(', then ');
    return `Respond with a JSON object in the following order of fields: ${fields}.`;
  }

  formatAssistantMessageContent(
    signature: Spec,
    outputs: Readonly<Record<string, unknown>>,
    missingFieldMessage?: string,
  ): string {
    const fields = outputFieldValues(signature.outputFields, outputs, missingFieldMessage);
    return this.formatFieldsWithValues(fields, 'assistant');
  }

  /** User role: `[[ ## name ## ]]` blocks; assistant role: one JSON object, indented by 2. */
  formatFieldsWithValues(
    fields: readonly { field: FieldSpec; value: unknown }[],
    role: 'user' | 'assistant' = 'user',
  ): string {
    if (role === 'user') return fieldBlocks(fields);
    const obj = Object.fromEntries(
      fields.map(({ field, value }) => [field.name, value === undefined ? null : toJsonable(value, field.type)]),
    );
    return pyJsonDumps(obj, 2);
  }

  /**
   * Repaired JSON of the whole reply, else of its first balanced `{...}`; keeps only output
   * keys, parses each value to its field type, fills defaults, checks the keys exactly.
   */
  parse(signature: Spec, completion: string): ParsedOutputs {
    let text = completion;
    let parsed = loadsLenient(text);
    if (!isObject(parsed)) {
      const block = firstJsonObject(text);
      if (block !== undefined) parsed = loadsLenient((text = block));
    }
    if (!isObject(parsed)) {
      throw new AdapterParseError({
        adapterName: this.name,
        signatureName: signature.name,
        lmResponse: text,
        message: 'LM response cannot be serialized to a JSON object.',
      });
    }
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(parsed)) {
      const field = signature.field(key);
      if (!field || field.role !== 'output') continue;
      try {
        fields[key] = parseValue(value, field);
      } catch (err) {
        if (!isValueError(err)) throw err; // a bug, not a bad reply
        throw fieldParseError(this.name, signature, text, key, value, err);
      }
    }
    const completed = applyOutputDefaults(signature, fields);
    if (!hasExactlyOutputs(signature, completed)) throw missingFieldsError(this.name, signature, text, completed);
    return completed;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
