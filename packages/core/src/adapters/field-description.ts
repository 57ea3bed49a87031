import type { FieldSpec } from '../signature/field-spec';
import { typeJsonSchema } from '../signature/json-schema';
import { typeName } from '../signature/type-name';
import { pyJsonDumps, pyStr, pyStrip } from '../py';
import { isToolCallsType, TOOL_CALLS_JSON_SCHEMA, TOOL_CALLS_REQUIREMENT, ToolCalls } from '../types/tool-calls';

/**
 * True for a required plain `str` field: DSPy's `annotation is str`.
 *
 * @example
 * isPlainString({ type: T.string, optional: true }); // false
 */
export function isPlainString(field: Pick<FieldSpec, 'type' | 'optional'>): boolean {
  return field.type.kind === 'string' && !field.optional;
}

/**
 * A field's description as prompts show it: a desc equal to the default `${name}` is empty.
 *
 * @example
 * promptDesc({ name: 'answer', desc: '${answer}' }); // ''
 */
export function promptDesc(field: Pick<FieldSpec, 'name' | 'desc'>): string {
  return field.desc === `\${${field.name}}` ? '' : field.desc;
}

/**
 * DSPy's `get_field_description_string`: numbered lines ``1. `name` (type): desc``, each
 * followed by `\nConstraints: ...` when the field has constraints; the block is stripped, so
 * only the last line loses the trailing space of an empty description.
 *
 * @example
 * fieldDescriptionString(spec.outputFields); // "1. `answers` (list[str]): \n2. `scores` (list[float]):"
 */
export function fieldDescriptionString(fields: readonly FieldSpec[]): string {
  const lines = fields.map((f, i) => {
    // DSPy 3.4.1 appends the description of custom types that have one (today: ToolCalls).
    const typeDesc = isToolCallsType(f.type) ? `\n    Type description of ToolCalls: ${ToolCalls.description()}` : '';
    const head = `${i + 1}. \`${f.name}\` (${typeName(f.type, f.optional)}): ${promptDesc(f)}${typeDesc}`;
    return f.constraints ? `${head}\nConstraints: ${f.constraints}` : head;
  });
  return pyStrip(lines.join('\n'));
}

/**
 * DSPy's `translate_field_type`: the `{name}` placeholder of the field-structure block, plus
 * for non-`str` outputs an 8-space-indented note saying what the value must look like.
 *
 * @example
 * fieldPlaceholder(confidenceField); // '{confidence}        # note: the value you produce must be a single float value'
 */
export function fieldPlaceholder(field: FieldSpec): string {
  const rule = field.role === 'input' ? '' : outputRule(field);
  return `{${field.name}}${rule ? `        # note: the value you produce ${rule}` : ''}`;
}

function outputRule(field: FieldSpec): string {
  const { type, optional } = field;
  if (optional) return schemaRule(field);
  switch (type.kind) {
    case 'string':
      return '';
    case 'boolean':
      return 'must be True or False';
    case 'number':
      return `must be a single ${type.integer ? 'int' : 'float'} value`;
    case 'enum':
      return `must be one of: ${type.values.map(pyStr).join('; ')}`;
    case 'literal':
      return `must exactly match (no extra characters) one of: ${type.values.map(pyStr).join('; ')}`;
    default:
      return schemaRule(field);
  }
}

function schemaRule(field: FieldSpec): string {
  if (isToolCallsType(field.type) && !field.optional)
    return `must adhere to the JSON schema: ${pyJsonDumps(TOOL_CALLS_JSON_SCHEMA)}`;
  return `must adhere to the JSON schema: ${pyJsonDumps(typeJsonSchema(field.type, field.optional))}`;
}

/**
 * The type hint after each field in the final request: empty for `str`, otherwise
 * ` (must be formatted as a valid Python list[str])`.
 *
 * @example
 * requirementTypeInfo(scoreField); // ' (must be formatted as a valid Python float)'
 */
export function requirementTypeInfo(field: FieldSpec): string {
  if (isToolCallsType(field.type) && !field.optional) return TOOL_CALLS_REQUIREMENT;
  return isPlainString(field) ? '' : ` (must be formatted as a valid Python ${typeName(field.type, field.optional)})`;
}
