import { DspyError } from '../errors/dspy-error';
import { classProperties } from './class-properties';
import { descriptionOf } from '../decorators/description.decorator';
import { dedent } from './signature-spec';
import type { TypeRef } from './type-ref';
import { Image } from '../types/image';

export type JsonSchema = { [key: string]: unknown };
type Ctor = new (...args: never[]) => object;

/**
 * JSON Schema of a field type as pydantic's `TypeAdapter(annotation).json_schema()` would give
 * for the equivalent Python type, with keys ordered as DSPy prints it in prompts (`"type"`
 * first, the rest alphabetical, recursively). Nested classes become pydantic models
 * (`title`, `properties`, `required`, `$defs`/`$ref`); named enums go to `$defs` like Python enums.
 *
 * @example
 * typeJsonSchema(T.array(T.string)); // { type: 'array', items: { type: 'string' } }
 * typeJsonSchema(T.string, true); // { anyOf: [{ type: 'string' }, { type: 'null' }] }
 */
export function typeJsonSchema(type: TypeRef, optional = false): JsonSchema {
  return sortForPrompt(typeJsonSchemaInOrder(type, optional));
}

/**
 * `typeJsonSchema` with properties in declaration order (pydantic's own order), for code that walks
 * the schema rather than printing it (XMLAdapter's nested XML shapes).
 *
 * @example
 * Object.keys(typeJsonSchemaInOrder({ kind: 'class', name: 'Person', cls: Person }).properties as object); // ['name', 'age', 'address']
 */
export function typeJsonSchemaInOrder(type: TypeRef, optional = false): JsonSchema {
  const b = new SchemaBuilder();
  let root = b.schema(type);
  // pydantic inlines the root model unless something else refers to it (recursion).
  const model =
    type.kind === 'class'
      ? { key: type.cls, name: type.name }
      : type.kind === 'image'
        ? { key: Image, name: 'Image' }
        : undefined;
  if (!optional && model && b.refCount.get(b.defName(model.key, model.name)) === 1) {
    const name = b.defName(model.key, model.name);
    root = b.defs.get(name)!;
    b.defs.delete(name);
  }
  if (optional) root = { anyOf: [root, { type: 'null' }] };
  return b.defs.size ? { ...root, $defs: Object.fromEntries(b.defs) } : root;
}

/**
 * DSPy's `move_type_to_front`: `"type"` first, other keys in code-point order, at every level.
 *
 * @example
 * sortForPrompt({ items: {}, type: 'array' }); // { type: 'array', items: {} }
 */
export function sortForPrompt(value: unknown): any {
  if (Array.isArray(value)) return value.map(sortForPrompt);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort((a, b) => (a === 'type' ? -1 : b === 'type' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, sortForPrompt((value as JsonSchema)[k])]));
}

/**
 * pydantic's default field title: `str.title()` then `_` → space.
 *
 * @example
 * pyTitle('num_dogs'); // 'Num Dogs'
 */
export function pyTitle(name: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of name) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out.replace(/_/g, ' ').trim();
}

/**
 * Builds schemas, collecting models and named enums into `$defs` the way pydantic does.
 *
 * @example
 * const b = new SchemaBuilder();
 * b.schema({ kind: 'class', name: 'Address', cls: Address }); // { $ref: '#/$defs/Address' }, b.defs has Address
 */
export class SchemaBuilder {
  readonly defs = new Map<string, JsonSchema>();
  readonly refCount = new Map<string, number>();
  private readonly names = new Map<object, string>();

  /** Definition name of a class or enum; a second, different type with the same name gets a suffix. */
  defName(key: object, name: string): string {
    let n = this.names.get(key);
    if (!n) {
      const taken = new Set(this.names.values());
      n = name;
      for (let i = 2; taken.has(n); i++) n = `${name}${i}`;
      this.names.set(key, n);
    }
    return n;
  }

  schema(type: TypeRef): JsonSchema {
    switch (type.kind) {
      case 'string':
        return { type: 'string' };
      case 'number':
        return { type: type.integer ? 'integer' : 'number' };
      case 'boolean':
        return { type: 'boolean' };
      case 'any':
        return {};
      case 'literal':
        return literalSchema(type.values);
      case 'array':
        return { type: 'array', items: this.schema(type.items) };
      case 'dict':
        return { type: 'object', additionalProperties: type.values.kind === 'any' ? true : this.schema(type.values) };
      case 'enum': {
        const body = { ...literalSchema(type.values, true) };
        if (!type.name) return body;
        return this.ref(type, type.name, () => ({ ...body, title: type.name }));
      }
      case 'class':
        return this.ref(type.cls, type.name, () => this.model(type.cls, type.name));
      case 'image':
        // pydantic's schema of `dspy.Image` (a model with one `url` string).
        return this.ref(Image, 'Image', () => ({
          additionalProperties: false,
          properties: { url: { title: 'Url', type: 'string' } },
          required: ['url'],
          title: 'Image',
          type: 'object',
        }));
    }
  }

  private ref(key: object, name: string, build: () => JsonSchema): JsonSchema {
    const n = this.defName(key, name);
    this.refCount.set(n, (this.refCount.get(n) ?? 0) + 1);
    if (!this.defs.has(n)) {
      this.defs.set(n, {}); // placeholder first: a recursive class refers to itself
      this.defs.set(n, build());
    }
    return { $ref: `#/$defs/${n}` };
  }

  private model(cls: Ctor, name: string): JsonSchema {
    const properties: JsonSchema = {};
    const required: string[] = [];
    for (const p of classProperties(cls)) {
      const inner = this.schema(p.type);
      const isRef = '$ref' in inner;
      const base = isRef ? inner : { ...inner, ...p.constraints };
      // pydantic gives no title to a field whose schema is a model reference (nullable or not).
      const title = isRef ? {} : { title: pyTitle(p.name) };
      const description = p.description === undefined ? {} : { description: p.description };
      if (p.optional) properties[p.name] = { anyOf: [base, { type: 'null' }], default: null, ...description, ...title };
      else properties[p.name] = { ...base, ...description, ...title };
      if (!p.optional) required.push(p.name);
    }
    const doc = descriptionOf(cls);
    return {
      type: 'object',
      ...(doc === undefined ? {} : { description: dedent(doc) }),
      properties,
      ...(required.length ? { required } : {}),
      title: name,
    };
  }
}

/** pydantic's Literal schema: `const` for one value, `enum` for several, `type` when all agree. */
function literalSchema(values: readonly (string | number | boolean)[], asEnum = false): JsonSchema {
  const kinds = new Set(
    values.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)),
  );
  const type = kinds.size === 1 ? [...kinds][0] : undefined;
  const body: JsonSchema = values.length === 1 && !asEnum ? { const: values[0] } : { enum: [...values] };
  return type ? { ...body, type } : body;
}

/** Output fields as the strict-schema builder needs them (a `FieldSpec` fits). */
interface OutputFieldLike {
  readonly name: string;
  readonly type: TypeRef;
  readonly optional: boolean;
  readonly hasDefault: boolean;
  readonly default?: unknown;
}

/**
 * The strict object schema of all output fields, for structured outputs (OpenAI
 * `response_format: json_schema`, Ollama `format`). Mirrors DSPy's `DSPyProgramOutputs` model:
 * every object lists all its properties in `required` and forbids extra ones. Properties keep
 * declaration order (decoders emit them in that order). `inlineRefs` replaces `$ref`s by their
 * definitions, for providers that do not resolve references (Ollama).
 * Throws on open-ended `dict` outputs, which strict schemas cannot express.
 *
 * @example
 * const schema = outputsJsonSchema(spec.outputFields, { inlineRefs: true });
 * await lm.call(messages, { responseFormat: { type: 'json_schema', name: 'DSPyProgramOutputs', schema, strict: true } });
 */
export function outputsJsonSchema(
  fields: readonly OutputFieldLike[],
  options: { inlineRefs?: boolean } = {},
): JsonSchema {
  const open = fields.find((f) => f.type.kind === 'dict');
  if (open)
    throw new DspyError(
      'NOT_SUPPORTED',
      `Field '${open.name}' has an open-ended mapping type which is not supported by Structured Outputs.`,
    );
  const b = new SchemaBuilder();
  const properties: JsonSchema = {};
  for (const f of fields) {
    const inner = b.schema(f.type);
    const typed = f.optional ? { anyOf: [inner, { type: 'null' }] } : inner;
    // pydantic gives a bare `$ref` no title (the referenced model has its own).
    const title = '$ref' in typed ? {} : { title: pyTitle(f.name) };
    properties[f.name] = { ...typed, ...(f.hasDefault ? { default: f.default ?? null } : {}), ...title };
  }
  let schema: JsonSchema = {
    type: 'object',
    properties,
    required: fields.map((f) => f.name),
    additionalProperties: false,
    title: 'DSPyProgramOutputs',
  };
  if (b.defs.size) schema.$defs = Object.fromEntries(b.defs);
  enforceRequired(schema);
  if (options.inlineRefs) schema = inlineSchemaRefs(schema);
  return schema;
}

/** DSPy's `enforce_required`: objects require all their properties and allow no others. */
function enforceRequired(part: JsonSchema): void {
  if (part.type === 'object') {
    const props = part.properties as Record<string, JsonSchema> | undefined;
    if (props) {
      part.required = Object.keys(props);
      part.additionalProperties = false;
      for (const sub of Object.values(props)) if (sub && typeof sub === 'object') enforceRequired(sub);
    } else Object.assign(part, { properties: {}, required: [], additionalProperties: false });
  }
  if (part.type === 'array' && part.items && typeof part.items === 'object') enforceRequired(part.items as JsonSchema);
  for (const key of ['$defs', 'definitions']) {
    const defs = part[key] as Record<string, JsonSchema> | undefined;
    if (defs) for (const d of Object.values(defs)) enforceRequired(d);
  }
}

/**
 * Replaces every `#/$defs/X` reference by a copy of its definition and drops `$defs`.
 * Recursive definitions cannot be inlined; their `$ref`s and `$defs` are kept.
 *
 * @example
 * inlineSchemaRefs({ type: 'array', items: { $ref: '#/$defs/A' }, $defs: { A: { type: 'object' } } });
 * // { type: 'array', items: { type: 'object' } }
 */
export function inlineSchemaRefs(schema: JsonSchema): JsonSchema {
  const defs = (schema.$defs ?? {}) as Record<string, JsonSchema>;
  let recursive = false;
  const walk = (v: unknown, seen: readonly string[]): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, seen));
    if (v === null || typeof v !== 'object') return v;
    const obj = v as JsonSchema;
    const ref = typeof obj.$ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(obj.$ref)?.[1] : undefined;
    if (ref !== undefined && defs[ref]) {
      if (seen.includes(ref)) return ((recursive = true), obj);
      const { $ref: _r, ...rest } = obj;
      return { ...(walk(defs[ref], [...seen, ref]) as JsonSchema), ...(walk(rest, seen) as JsonSchema) };
    }
    return Object.fromEntries(
      Object.entries(obj)
        .filter(([k]) => k !== '$defs')
        .map(([k, x]) => [k, walk(x, seen)]),
    );
  };
  const out = walk(schema, []) as JsonSchema;
  return recursive ? { ...out, $defs: defs } : out;
}
