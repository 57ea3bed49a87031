import { type ResponseFormat } from '@dspy-ts/core';
import { canonicalJson, warnOnce } from '@dspy-ts/core/provider-kit';
import type { GbnfJsonSchema, Llama, LlamaGrammar } from 'node-llama-cpp' with { 'resolution-mode': 'import' };

type Json = { [key: string]: unknown };
const STRING_FORMATS = new Set(['date-time', 'time', 'date']);
// Keys node-llama-cpp's GBNF builder understands; everything else (title, default, pattern, minimum, ...) is dropped.
const KEPT = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'oneOf',
  '$ref',
  '$defs',
  'description',
  'minLength',
  'maxLength',
  'format',
]);

/**
 * Rewrites a JSON Schema (pydantic / OpenAI style) into the subset node-llama-cpp turns into a
 * grammar: `anyOf` → `oneOf`, `definitions` → `$defs`, a one-element `allOf` inlined, `{}` and a
 * bare `object` → any JSON value / any object, unsupported keywords (`title`, `default`, `pattern`,
 * `minimum`, ...) dropped. The grammar generates every listed property in order, whatever `required` says.
 *
 * @example
 * toGbnfJsonSchema({ title: 'Out', type: 'object', properties: { n: { anyOf: [{ type: 'integer' }, { type: 'null' }] } } });
 * // { type: 'object', properties: { n: { oneOf: [{ type: 'integer' }, { type: 'null' }] } } }
 */
export function toGbnfJsonSchema(schema: unknown): GbnfJsonSchema {
  return convert(schema) as GbnfJsonSchema;
}

function convert(schema: unknown): unknown {
  if (
    schema === true ||
    schema === undefined ||
    (isObject(schema) &&
      Object.keys(schema).every((k) => !KEPT.has(k) && k !== 'anyOf' && k !== 'allOf' && k !== 'definitions'))
  ) {
    return ANY_JSON;
  }
  if (!isObject(schema)) return ANY_JSON;
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) {
    const { allOf, ...rest } = schema;
    return convert({ ...rest, ...(allOf[0] as Json) });
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'anyOf' || key === 'oneOf') out.oneOf = (value as unknown[]).map(convert);
    else if (key === 'definitions' || key === '$defs')
      out.$defs = { ...(out.$defs as Json), ...mapValues(value as Json, convert) };
    else if (key === '$ref') out.$ref = String(value).replace('#/definitions/', '#/$defs/');
    else if (key === 'properties') out.properties = mapValues(value as Json, convert);
    else if (key === 'items' || key === 'additionalProperties')
      out[key] = typeof value === 'boolean' ? value : convert(value);
    else if (key === 'prefixItems') out.prefixItems = (value as unknown[]).map(convert);
    else if (key === 'format') {
      if (schema.type === 'string' && STRING_FORMATS.has(String(value))) out.format = value;
    } else if (KEPT.has(key)) out[key] = value;
  }
  if (out.items === false) delete out.items;
  // JSON Schema's bare `object` allows any keys; node-llama-cpp's would only allow `{}`.
  if (out.type === 'object' && out.properties === undefined && out.additionalProperties === undefined)
    out.additionalProperties = true;
  return out;
}

// node-llama-cpp reads `{}` as `null`; "any JSON value" has to be spelled out.
const ANY_JSON = {
  oneOf: [
    { type: ['string', 'number', 'boolean', 'null'] },
    { type: 'object', additionalProperties: true },
    { type: 'array' },
  ],
};

function mapValues(o: Json, f: (v: unknown) => unknown): Json {
  return Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, f(v)]));
}

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const grammars = new WeakMap<Llama, Map<string, Promise<LlamaGrammar>>>();

/**
 * The grammar that constrains a reply to `format` (`undefined` for text), cached per schema. A
 * schema node-llama-cpp cannot compile falls back to the generic JSON grammar, with a warning.
 *
 * @example
 * const grammar = await grammarFor(llama, { type: 'json_schema', name: 'Out', schema });
 */
export function grammarFor(llama: Llama, format: ResponseFormat | undefined): Promise<LlamaGrammar> | undefined {
  if (!format || format.type === 'text') return undefined;
  let cache = grammars.get(llama);
  if (!cache) grammars.set(llama, (cache = new Map()));
  const id = format.type === 'json_object' ? 'json' : canonicalJson(format.schema);
  let grammar = cache.get(id);
  if (!grammar) {
    grammar =
      format.type === 'json_object'
        ? llama.getGrammarFor('json')
        : llama.createGrammarForJsonSchema<GbnfJsonSchema>(toGbnfJsonSchema(format.schema)).catch((err: unknown) => {
            warnOnce(
              undefined,
              `llama-schema:${format.name}`,
              { code: 'DSPY_TS_LLAMA_SCHEMA', schema: format.name },
              `llama.cpp could not turn the JSON schema '${format.name}' into a grammar (${(err as Error)?.message}); replies are constrained to any JSON instead.`,
            );
            return llama.getGrammarFor('json');
          });
    grammar.catch(() => cache.delete(id));
    cache.set(id, grammar);
  }
  return grammar;
}
