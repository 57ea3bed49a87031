import type { TypeRef } from './type-ref';

/**
 * Python-style name of a field type, as DSPy's `get_annotation_name` prints the equivalent
 * Python annotation in prompts: `str`, `int`, `list[str]`, `dict[str, float]`,
 * `Literal['yes', 'no']`, class and enum names, `Any`.
 *
 * `optional` wraps the name the way Python prints `Optional[X]` (`Union[X, NoneType]`). Since
 * DSPy 3.4.1, PEP 604's `X | None` prints the same on every Python version (3.3 printed
 * `UnionType[X, NoneType]` before Python 3.14); see the parity-pep604 golden.
 *
 * @example
 * typeName(T.array(T.string)); // 'list[str]'
 * typeName(T.literal('yes', 'no')); // "Literal['yes', 'no']"
 * typeName(T.int, true); // 'Union[int, NoneType]'
 */
export function typeName(type: TypeRef, optional = false): string {
  const name = baseName(type);
  return optional ? `Union[${name}, NoneType]` : name;
}

function baseName(type: TypeRef): string {
  switch (type.kind) {
    case 'string':
      return 'str';
    case 'number':
      return type.integer ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    case 'any':
      return 'Any';
    case 'image':
      return 'Image';
    case 'literal':
      return `Literal[${type.values.map(literalMember).join(', ')}]`;
    case 'enum':
    case 'class':
      return type.name;
    case 'array':
      return `list[${baseName(type.items)}]`;
    case 'dict':
      return `dict[str, ${baseName(type.values)}]`;
  }
}

/** Literal members print as Python's `repr` would inside the annotation. */
function literalMember(value: string | number | boolean): string {
  if (typeof value === 'string') return quoteForLiteral(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/**
 * DSPy's `_quoted_string_for_literal_type_annotation`: single quotes unless the text holds
 * only single quotes (then double); with both kinds, single quotes with `\'` escapes.
 *
 * @example
 * quoteForLiteral("she's"); // '"she\'s"'
 */
export function quoteForLiteral(s: string): string {
  const single = s.includes("'");
  const double = s.includes('"');
  if (single && !double) return `"${s}"`;
  if (single && double) return `'${s.replace(/'/g, "\\'")}'`;
  return `'${s}'`;
}
