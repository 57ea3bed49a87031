import { AdapterParseError } from '../errors/dspy-error';
import { isToolCallsType } from '../types/tool-calls';
import type { FieldSpec } from '../signature/field-spec';
import { typeJsonSchemaInOrder as typeJsonSchema, type JsonSchema } from '../signature/json-schema';
import type { Spec } from '../signature/signature-spec';
import type { TypeRef } from '../signature/type-ref';
import type { FieldEvent, FieldStreamParser } from '../streaming/stream-events';
import { XmlFieldParser } from '../streaming/xml-field-parser';
import { isHistoryType } from '../types/history';
import type { ParsedOutputs } from './adapter';
import type { UserMessageOptions } from './base-adapter';
import { ChatAdapter } from './chat-adapter';
import { coerceValue } from './coerce';
import { fieldPlaceholder, isPlainString } from './field-description';
import { fieldParseError, hasExactlyOutputs, missingFieldsError } from './parse-errors';
import { PyFloat, pyStr, pyStrip } from '../py';
import { formatFieldValue, toJsonable } from './value-format';
import { applyOutputDefaults, parseValue } from './value-parse';
import { groupChildren, parseXml, type XmlElement, xmlToString } from './xml-tree';

/**
 * DSPy 3.4.1's `XMLAdapter`: fields are written `<name>\nvalue\n</name>`; list, dict and class outputs
 * as nested XML (`<items><item>…</item></items>`, the shape shown in the prompt). Replies are parsed as
 * XML (a malformed reply is a parse error, so `ChatAdapter`'s JSON fallback applies). Prompts are
 * byte-identical to DSPy 3.4.1; streaming yields field events (`createStreamParser`).
 *
 * @example
 * const qa = new Predict('question -> answer');
 * qa.adapter = new XMLAdapter();
 * await qa.call({ question: 'Capital of France?' }); // the LM replies <answer>Paris</answer>
 */
export class XMLAdapter extends ChatAdapter {
  override readonly name: string = 'XMLAdapter';

  override formatFieldsWithValues(fields: readonly { field: FieldSpec; value: unknown }[]): string {
    const out = fields.map(({ field, value }) => {
      const output = field.role === 'output';
      const serialized = toJsonable(value, field.type);
      if (
        output &&
        usesNestedXml(field.type) &&
        serialized !== null &&
        typeof serialized === 'object' &&
        !(serialized instanceof PyFloat)
      )
        return valueToXml(serialized, field.name);
      let formatted = formatFieldValue(field, value);
      if (output && isPlainString(field)) formatted = formatted.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      return `<${field.name}>\n${formatted}\n</${field.name}>`;
    });
    return pyStrip(out.join('\n\n'));
  }

  protected override formatFieldStructure(signature: Spec): string {
    const one = (f: FieldSpec) =>
      f.role === 'output' && usesNestedXml(f.type)
        ? xmlSchema(f.name, f)
        : this.formatFieldsWithValues([{ field: f, value: fieldPlaceholder(f) }]);
    return [
      'All interactions will be structured in the following way, with the appropriate values filled in.',
      signature.inputFields.map(one).join('\n\n'),
      signature.outputFields.map(one).join('\n\n'),
    ].join('\n\n');
  }

  override formatUserMessageContent(
    signature: Spec,
    inputs: Readonly<Record<string, unknown>>,
    options: UserMessageOptions = {},
  ): string {
    const fields = signature.inputFields
      .filter((f) => f.name in inputs)
      .map((f) => ({ field: f, value: inputs[f.name] }));
    const parts = [options.prefix ?? '', this.formatFieldsWithValues(fields)];
    if (options.mainRequest) parts.push(this.userMessageOutputRequirements(signature));
    parts.push(options.suffix ?? '');
    return pyStrip(parts.join('\n\n'));
  }

  override formatAssistantMessageContent(
    signature: Spec,
    outputs: Readonly<Record<string, unknown>>,
    missingFieldMessage?: string,
  ): string {
    return this.formatFieldsWithValues(
      signature.outputFields.map((f) => ({
        field: f,
        value: f.name in outputs ? outputs[f.name] : missingFieldMessage,
      })),
    );
  }

  protected override userMessageOutputRequirements(signature: Spec): string {
    const fields = signature.outputFields.map((f) => `\`<${f.name}>\``).join(', then ');
    const schemas = signature.outputFields.filter((f) => usesNestedXml(f.type)).map((f) => xmlSchema(f.name, f));
    return (
      `Respond with the corresponding output fields wrapped in XML tags ${fields}.` +
      (schemas.length ? ` Use this nested XML structure: ${schemas.join(' ')}` : '')
    );
  }

  /**
   * The reply is parsed as the content of one XML element (so it must be well-formed: `&` and `<` in
   * text escaped); each output field's elements are read by the shape of its type; then defaults,
   * then an exact check of the output keys.
   */
  override parse(signature: Spec, completion: string): ParsedOutputs {
    let root: XmlElement;
    try {
      root = parseXml(`<dspy_root>${completion}</dspy_root>`);
    } catch (err) {
      throw new AdapterParseError({
        adapterName: this.name,
        signatureName: signature.name,
        lmResponse: completion,
        message: `Failed to parse XML: ${(err as Error).message}`,
        cause: err,
      });
    }
    const elements = groupChildren(root);
    const fields: Record<string, unknown> = {};
    for (const field of signature.outputFields) {
      const found = elements.get(field.name);
      if (!found) continue;
      fields[field.name] = parseFieldElements(this.name, signature, completion, field, found);
    }
    const completed = applyOutputDefaults(signature, fields);
    if (!hasExactlyOutputs(signature, completed)) throw missingFieldsError(this.name, signature, completion, completed);
    return completed;
  }

  /** Field events while an XML reply streams (used by `streamify`). */
  override createStreamParser(signature: Spec, emit: (event: FieldEvent) => void): FieldStreamParser {
    return new XmlFieldParser(
      signature,
      emit,
      (field, els) => parseFieldElements(this.name, signature, '', field, els),
      (field) => usesNestedXml(field.type),
    );
  }
}

/**
 * One output field from its elements: each schema candidate (the type, then its `anyOf` members) is
 * tried in turn, as DSPy does; the value goes through `parseValue`, then pydantic-like coercion.
 */
export function parseFieldElements(
  adapterName: string,
  signature: Spec,
  completion: string,
  field: FieldSpec,
  elements: readonly XmlElement[],
): unknown {
  const schema = typeJsonSchema(field.type, field.optional);
  const defs = (schema.$defs ?? {}) as Record<string, JsonSchema>;
  let value: unknown;
  let error: unknown;
  for (const candidate of [schema, ...((schema.anyOf as JsonSchema[] | undefined) ?? [])]) {
    try {
      value = elementsToValue(elements, candidate, defs);
      try {
        return parseValue(value, field);
      } catch {
        return coerceValue(value, field.type, field.optional);
      }
    } catch (err) {
      error = err;
    }
  }
  throw fieldParseError(adapterName, signature, completion, field.name, value, error);
}

/** DSPy's `_uses_nested_xml`: list, dict and class outputs (not DSPy's own types) are written as nested XML. */
export function usesNestedXml(type: TypeRef): boolean {
  const item = type.kind === 'array' ? type.items : type;
  if (item.kind === 'image' || isHistoryType(item) || isToolCallsType(item)) return false;
  return type.kind === 'array' || type.kind === 'dict' || type.kind === 'class';
}

// Python's str.isidentifier(), approximately (XID_Start / XID_Continue).
const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** `xml.sax.saxutils.quoteattr`. */
function quoteAttr(s: string): string {
  let v = s.replace(/&/g, '&amp;').replace(/>/g, '&gt;').replace(/</g, '&lt;');
  v = v.replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
  if (v.includes('"')) return v.includes("'") ? `"${v.replace(/"/g, '&quot;')}"` : `'${v}'`;
  return `"${v}"`;
}

/** DSPy's `_value_to_xml`. */
function valueToXml(value: unknown, tag: string, key?: string): string {
  const attrs = key !== undefined ? ` key=${quoteAttr(key)}` : '';
  if (Array.isArray(value)) {
    const children = value.map((item) => valueToXml(item, 'item')).join('');
    return children ? `<${tag}${attrs}>${children}</${tag}>` : `<${tag}${attrs} />`;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof PyFloat)) {
    const children = Object.entries(value).map(([name, child]) => {
      const valid = IDENTIFIER.test(name.slice(0, 1) + name.slice(1).replace(/-/g, '_').replace(/\./g, '_'));
      return valid ? valueToXml(child, name) : valueToXml(child, 'entry', name);
    });
    return `<${tag}${attrs}>${children.join('')}</${tag}>`;
  }
  return value === null || value === undefined
    ? `<${tag}${attrs} />`
    : `<${tag}${attrs}>${escapeText(pyStr(value))}</${tag}>`;
}

/** DSPy's `_xml_schema`: the nested XML shape of a field type, `...` for leaves. */
function xmlSchema(tag: string, field: Pick<FieldSpec, 'type' | 'optional'>): string {
  const schema = typeJsonSchema(field.type, field.optional);
  return schemaToXml(tag, schema, (schema.$defs ?? {}) as Record<string, JsonSchema>, new Set());
}

function schemaToXml(
  tag: string,
  schema: JsonSchema,
  defs: Record<string, JsonSchema>,
  seen: ReadonlySet<string>,
): string {
  const ref = schema.$ref as string | undefined;
  if (ref) {
    const name = ref.slice(ref.lastIndexOf('/') + 1);
    return seen.has(name) ? `<${tag}>...</${tag}>` : schemaToXml(tag, defs[name]!, defs, new Set([...seen, name]));
  }
  const choices = schema.anyOf as JsonSchema[] | undefined;
  if (choices?.length) return schemaToXml(tag, choices.find((s) => s.type !== 'null') ?? choices[0]!, defs, seen);
  if (schema.type === 'array')
    return `<${tag}>${schemaToXml('item', (schema.items ?? {}) as JsonSchema, defs, seen)}</${tag}>`;
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const children = Object.entries(props)
    .map(([name, child]) => schemaToXml(name, child, defs, seen))
    .join('');
  return children ? `<${tag}>${children}</${tag}>` : `<${tag}>...</${tag}>`;
}

const hasChildren = (el: XmlElement) => el.children.length > 0;
const strippedText = (el: XmlElement) => pyStrip(el.text ?? '');

/** DSPy's `_elements_to_value`: what the elements of one field (or property) hold, by its schema. */
function elementsToValue(
  elements: readonly XmlElement[],
  schemaIn: JsonSchema,
  defs: Record<string, JsonSchema>,
): unknown {
  let schema = schemaIn;
  const ref = schema.$ref as string | undefined;
  if (ref) schema = defs[ref.slice(ref.lastIndexOf('/') + 1)] ?? schema;
  const first = elements[0]!;
  let choices = schema.anyOf as JsonSchema[] | undefined;
  if (choices) {
    const nullable = choices.some((c) => c.type === 'null' && Object.keys(c).length === 1);
    if (nullable && !hasChildren(first) && !strippedText(first)) return null;
    choices = choices.filter((c) => c.type !== 'null');
    schema = choices[0] ?? {};
    if (hasChildren(first)) schema = choices.find((c) => c.type !== 'string') ?? schema;
  }
  if (schema.type === 'array') {
    let els = elements;
    if (els.length === 1 && !hasChildren(first)) {
      const text = strippedText(first);
      if (!text || text.startsWith('[')) return text ? text : [];
    }
    const items = els.length === 1 ? groupChildren(first).get('item') : undefined;
    if (items?.length) els = items;
    return els.map((el) => elementsToValue([el], (schema.items ?? {}) as JsonSchema, defs));
  }
  if (schema.type === 'string' && hasChildren(first))
    return (first.text ?? '') + first.children.map(xmlToString).join('');
  const children = groupChildren(first);
  if (!children.size) {
    if (schema.type === 'object' && !strippedText(first)) return {};
    const values = elements.map(strippedText);
    return values.length === 1 ? values[0] : values;
  }
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const extra = schema.additionalProperties;
  const childSchema = extra !== null && typeof extra === 'object' ? (extra as JsonSchema) : {};
  return Object.fromEntries(
    [...children].map(([name, items]) => [name, elementsToValue(items, props[name] ?? childSchema, defs)]),
  );
}
