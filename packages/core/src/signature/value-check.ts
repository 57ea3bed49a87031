import type { ValidationError } from 'class-validator';
import { ToolCalls } from '../types/tool-calls';
import { classTransformer, classValidator } from '../utils/lazy-deps';
import type { TypeRef } from './type-ref';
import { Image } from '../types/image';

/** Short, safe rendering of a value for messages. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** class-validator errors as `path: message` lines, children included. */
export function flattenValidationErrors(errors: readonly ValidationError[], path: string): string[] {
  return errors.flatMap((e) => {
    const at = path ? `${path}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${at}: ${m}`);
    return [...own, ...flattenValidationErrors(e.children ?? [], at)];
  });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks `value` against `type`, appending `path: problem` lines to `errors`, and returns the
 * value to keep (nested classes become instances). No coercion: adapters parse before this.
 * `deep: false` skips class-validator on nested classes (the caller already ran it).
 *
 * @example
 * const errors: string[] = [];
 * checkValue(T.array(T.int), [1, 2.5], 'ids', errors, true); // errors: ['ids[1]: must be an integer, got 2.5']
 */
export function checkValue(type: TypeRef, value: unknown, path: string, errors: string[], deep: boolean): unknown {
  const bad = (expected: string) => {
    errors.push(`${path}: must be ${expected}, got ${show(value)}`);
    return value;
  };
  switch (type.kind) {
    case 'any':
      return value;
    case 'string':
      return typeof value === 'string' ? value : bad('a string');
    case 'boolean':
      return typeof value === 'boolean' ? value : bad('a boolean');
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return bad(type.integer ? 'an integer' : 'a finite number');
      return type.integer && !Number.isInteger(value) ? bad('an integer') : value;
    case 'literal':
      return type.values.includes(value as never) ? value : bad(`one of ${type.values.map(show).join(', ')}`);
    case 'enum':
      return type.values.includes(value as never)
        ? value
        : bad(`one of ${type.values.map(show).join(', ')} (${type.name})`);
    case 'array':
      if (!Array.isArray(value)) return bad('an array');
      return value.map((item, i) => checkValue(type.items, item, `${path}[${i}]`, errors, deep));
    case 'dict':
      if (!isPlainObject(value)) return bad('an object');
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, checkValue(type.values, v, `${path}.${k}`, errors, deep)]),
      );
    case 'image':
      return value instanceof Image
        ? value
        : bad(
            'an Image (build one with Image.fromUrl(url), Image.fromBase64(data, mime) or await Image.fromFile(path))',
          );
    case 'class': {
      // ToolCalls validates by its accepted shapes (DSPy's model_validate), not by class-validator metadata.
      if (type.cls === ToolCalls) {
        try {
          return ToolCalls.from(value);
        } catch {
          return bad('a JSON object like {"tool_calls": [{"name": "...", "args": {...}}]}');
        }
      }
      if (!isPlainObject(value)) return bad(`an object (${type.name})`);
      const instance =
        value instanceof type.cls ? value : classTransformer().plainToInstance(type.cls as new () => object, value);
      if (deep) errors.push(...flattenValidationErrors(classValidator().validateSync(instance), path));
      return instance;
    }
  }
}
