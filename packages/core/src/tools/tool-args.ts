import 'reflect-metadata';
import { classTransformer, classValidator } from '../utils/lazy-deps';
import { getSignatureMetadataStorage } from '../metadata/metadata-storage';
import { classProperties } from '../signature/class-properties';
import { type JsonSchema, SchemaBuilder } from '../signature/json-schema';
import { flattenValidationErrors } from '../signature/value-check';
import { schemaProblem } from './json-schema-check';

/** A class whose properties carry class-validator decorators, used as a tool's argument object. */
export type ArgsClass = new () => object;

/** A whole object schema; `required` defaults to the properties without a `default`. */
export interface ObjectArgsSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
}

/** Argument schemas: a properties map (`{ query: { type: 'string' } }`) or a whole object schema. */
export type ArgsSchema = Readonly<Record<string, JsonSchema>> | ObjectArgsSchema;

/** What a tool knows about its arguments: schemas for the model, and a check for calls. */
export interface ArgsSpec {
  /** Per-argument JSON Schema, DSPy's `Tool.args` (printed in ReAct's instructions). */
  readonly properties: Record<string, JsonSchema>;
  readonly required: readonly string[];
  /** `false` for tools declared without schemas: any arguments are passed through. */
  readonly strict: boolean;
  /** The arguments to call with (class instances for class args), or the problem to report. */
  check(args: Record<string, unknown>): { ok: true; value: unknown } | { ok: false; error: string };
}

/** Records `@ToolArgs()` options of a class (in the metadata storage, read when it becomes an argument schema). */
export function markArgsClass(cls: Function, options: { argDesc?: Readonly<Record<string, string>> }): void {
  getSignatureMetadataStorage().setToolArgs(cls, options);
}

/** True for classes marked with `@ToolArgs()`. */
export function isMarkedArgsClass(cls: unknown): boolean {
  return typeof cls === 'function' && getSignatureMetadataStorage().getToolArgs(cls) !== undefined;
}

/**
 * Builds the argument spec of a tool from an argument class, an explicit schema, or nothing
 * (then any arguments pass, shown to the model as `{}`). Class properties become schemas the
 * way pydantic writes a function parameter: keys sorted, `$ref`s inlined, an initializer value
 * as `default`, `@IsOptional()` without one as `anyOf [..., null]` with `default: None`.
 *
 * @example
 * argsSpec(SearchArgs).properties; // { query: { type: 'string' }, k: { type: 'integer', default: 3 } }
 */
export function argsSpec(
  args: ArgsClass | ArgsSchema | undefined,
  argDesc: Readonly<Record<string, string>> = {},
): ArgsSpec {
  if (args === undefined)
    return { properties: {}, required: [], strict: false, check: (a) => ({ ok: true, value: a }) };
  if (typeof args === 'function')
    return classSpec(args, { ...getSignatureMetadataStorage().getToolArgs(args)?.argDesc, ...argDesc });
  return schemaSpec(args, argDesc);
}

function schemaSpec(args: ArgsSchema, argDesc: Readonly<Record<string, string>>): ArgsSpec {
  const asObject = args as Readonly<Record<string, unknown>>;
  const whole = asObject.type === 'object' && typeof asObject.properties === 'object' && asObject.properties !== null;
  const source = (whole ? asObject.properties : args) as Record<string, JsonSchema>;
  const properties: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(source))
    properties[name] = argDesc[name] ? { ...schema, description: argDesc[name] } : { ...schema };
  const required =
    whole && Array.isArray(asObject.required)
      ? (asObject.required as string[])
      : Object.keys(properties).filter((k) => !('default' in properties[k]!));
  return { properties, required, strict: true, check: (a) => checkAgainst(properties, required, a, () => a) };
}

function classSpec(cls: ArgsClass, argDesc: Readonly<Record<string, string>>): ArgsSpec {
  const defaults = instanceDefaults(cls);
  const properties: Record<string, JsonSchema> = {};
  for (const p of classProperties(cls)) {
    const builder = new SchemaBuilder();
    const raw = builder.schema(p.type);
    const own = '$ref' in raw ? raw : { ...raw, ...p.constraints };
    let schema = pydanticSort(inlineRefs(own, Object.fromEntries(builder.defs))) as JsonSchema;
    const fallback = defaults?.[p.name];
    if (fallback !== undefined) schema = { ...schema, default: fallback };
    else if (p.optional) schema = { anyOf: [schema, { type: 'null' }], default: null };
    if (argDesc[p.name]) schema = { ...schema, description: argDesc[p.name] };
    properties[p.name] = schema;
  }
  const required = Object.keys(properties).filter((k) => !('default' in properties[k]!));
  const check = (a: Record<string, unknown>) =>
    checkAgainst(properties, required, a, () => {
      const instance = classTransformer().plainToInstance(cls, a) as object;
      const problems = flattenValidationErrors(
        classValidator().validateSync(instance, { forbidUnknownValues: false }),
        '',
      );
      if (problems.length) throw new ArgsProblem(problems.map(asArgProblem).join('; '));
      return instance;
    });
  return { properties, required, strict: true, check };
}

class ArgsProblem extends Error {}

/** `query: query must be a string` → `Arg query is invalid: query must be a string`. */
function asArgProblem(line: string): string {
  const at = line.indexOf(': ');
  return `Arg ${line.slice(0, at)} is invalid: ${line.slice(at + 2)}`;
}

function checkAgainst(
  properties: Record<string, JsonSchema>,
  required: readonly string[],
  args: Record<string, unknown>,
  build: () => unknown,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof args !== 'object' || args === null || Array.isArray(args))
    return { ok: false, error: `The tool's arguments must be a JSON object, got ${JSON.stringify(args)}.` };
  for (const [k, v] of Object.entries(args)) {
    if (!(k in properties)) return { ok: false, error: `Arg ${k} is not in the tool's args.` };
    // DSPy skips schemas without a type (Any).
    const problem =
      properties[k]!.type === undefined && !properties[k]!.anyOf ? undefined : schemaProblem(properties[k], v);
    if (problem) return { ok: false, error: `Arg ${k} is invalid: ${problem}` };
  }
  const missing = required.filter((k) => args[k] === undefined);
  if (missing.length) return { ok: false, error: `Missing required arg(s): ${missing.join(', ')}.` };
  try {
    return { ok: true, value: build() };
  } catch (err) {
    if (err instanceof ArgsProblem) return { ok: false, error: err.message };
    throw err;
  }
}

/** Property initializers of an argument class (`k = 3`), read from one throwaway instance. */
function instanceDefaults(cls: ArgsClass): Record<string, unknown> | undefined {
  try {
    return { ...(new cls() as Record<string, unknown>) };
  } catch {
    return undefined;
  }
}

/** DSPy's `_resolve_json_schema_reference`: every `$ref` replaced by its definition. */
function inlineRefs(value: unknown, defs: Record<string, JsonSchema>): unknown {
  if (Array.isArray(value)) return value.map((v) => inlineRefs(v, defs));
  if (value === null || typeof value !== 'object') return value;
  const ref = (value as JsonSchema).$ref;
  if (typeof ref === 'string') return inlineRefs(defs[ref.split('/').pop()!], defs);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inlineRefs(v, defs)]));
}

/** pydantic's schema key order: sorted at every level, except property names and default values. */
function pydanticSort(value: unknown, parentKey?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => pydanticSort(v, parentKey));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (parentKey !== 'properties' && parentKey !== 'default') keys.sort();
  return Object.fromEntries(keys.map((k) => [k, pydanticSort((value as JsonSchema)[k], k)]));
}
