import { DspyError } from '../errors/dspy-error';
import type { FieldRole, FieldSpec } from './field-spec';
import { inferPrefix } from './infer-prefix';
import { isReservedFieldName, reservedNameHint } from './reserved-names';
import { SignatureSpec } from './signature-spec';
import { parseError, tokenize } from './signature-tokens';
import type { StringSignatureInputs, StringSignatureOutputs } from './static-types';
import { describeToken, parseTypeExpr, TokenCursor } from './type-expr';
import { resolveFieldAnnotation, type ResolvedType } from './type-vocabulary';

/** Second argument of `signature()`: the instructions, or options. */
export type StringSignatureOptions = string | { readonly instructions?: string; readonly name?: string };

function parseSide(cur: TokenCursor, role: FieldRole): FieldSpec[] {
  const fields: FieldSpec[] = [];
  const stop = role === 'input' ? 'arrow' : 'end';
  while (cur.peek().kind !== stop) {
    const t = cur.next();
    if (t.kind !== 'ident' || t.text.includes('.') || t.text.includes('$')) {
      throw parseError(
        `Invalid field name ${describeToken(t)}: field names must be identifiers (letters, digits and _, not starting with a digit).`,
        cur.source,
        t.at,
      );
    }
    if (isReservedFieldName(t.text)) {
      throw parseError(
        `Field name '${t.text}' is reserved: ${reservedNameHint(t.text)}. Rename the field.`,
        cur.source,
        t.at,
      );
    }
    const optionalMark = cur.eat('?');
    let type: FieldSpec['type'] = { kind: 'string' };
    let nullable = false;
    const typed = cur.eat(':');
    if (typed) ({ type, nullable } = resolveFieldAnnotation(parseTypeExpr(cur), cur.source));
    fields.push(
      Object.freeze({
        name: t.text,
        role,
        type,
        desc: `\${${t.text}}`,
        prefix: `${inferPrefix(t.text)}:`,
        optional: optionalMark || nullable,
        hasDefault: false,
        ...(typed ? {} : { typeUndefined: true }),
      }),
    );
    if (cur.peek().kind === stop) break;
    if (!cur.eat(','))
      throw parseError(
        `Expected ',' between fields or '->', found ${describeToken(cur.peek())}.`,
        cur.source,
        cur.peek().at,
      );
  }
  return fields;
}

function checkNames(source: string, inputs: readonly FieldSpec[], outputs: readonly FieldSpec[]): void {
  for (const side of [inputs, outputs]) {
    const seen = new Set<string>();
    for (const f of side) {
      if (seen.has(f.name))
        throw parseError(
          `Field '${f.name}' appears twice in signature '${source}'. Field names must be unique.`,
          source,
        );
      seen.add(f.name);
    }
  }
  const outNames = new Set(outputs.map((f) => f.name));
  const dup = [...new Set(inputs.map((f) => f.name).filter((n) => outNames.has(n)))].sort();
  if (dup.length) {
    throw parseError(
      `Input and output fields must have distinct names, but found duplicates: '${dup.join(', ')}'. Rename the output (e.g. '${dup[0]} -> new_${dup[0]}').`,
      source,
    );
  }
}

/**
 * Parses one type annotation of the string-signature vocabulary.
 *
 * @example
 * parseAnnotation('Optional[list[int]]'); // { type: T.array(T.int), nullable: true }
 */
export function parseAnnotation(text: string): ResolvedType {
  const cur = new TokenCursor(text, tokenize(text));
  const resolved = resolveFieldAnnotation(parseTypeExpr(cur), text);
  if (cur.peek().kind !== 'end')
    throw parseError(`Unexpected ${describeToken(cur.peek())} after the type.`, text, cur.peek().at);
  return resolved;
}

/**
 * Parses a DSPy string signature, with static types inferred from the literal.
 * Types may be TS-style (`string[]`, `'a' | 'b'`, `Record<string, number>`) or Python-style
 * (`list[str]`, `Literal['a', 'b']`, `dict[str, float]`, `Optional[int]`, `int | None`).
 * An untyped field is a string (`typeUndefined: true`); `name?: T`, `Optional[T]` and `T | None`
 * mark it optional. `TypeRef` has no general union, so `tuple[...]` becomes an array (of the
 * element type when all agree, else of `any`), a union of literals or of numbers merges, and
 * any other union (`int | str`) is `any` at run time (its static type stays the TS union).
 * Inputs may be empty (`'-> joke'`), outputs may not.
 *
 * @example
 * const qa = signature('question, context: list[str] -> answer: int', 'Answer with a number.');
 * qa.name;                    // 'StringSignature'
 * type Out = NonNullable<typeof qa.__out>; // { answer: number }
 */
export function signature<const S extends string>(
  source: S,
  options?: StringSignatureOptions,
): SignatureSpec<StringSignatureInputs<S>, StringSignatureOutputs<S>> {
  if (typeof source !== 'string')
    throw new DspyError(
      'SIGNATURE_PARSE',
      `A string signature must be a string like 'question -> answer', got ${typeof source}.`,
    );
  const tokens = tokenize(source);
  const arrows = tokens.filter((t) => t.kind === 'arrow');
  if (arrows.length !== 1) {
    const found = arrows.length === 0 ? 'none' : `${arrows.length}`;
    throw parseError(
      `Invalid signature format: '${source}', must contain exactly one '->' (found ${found}). Write 'inputs -> outputs', e.g. 'question -> answer'.`,
      source,
    );
  }
  const cur = new TokenCursor(source, tokens);
  const inputs = parseSide(cur, 'input');
  cur.next();
  const outputs = parseSide(cur, 'output');
  if (outputs.length === 0)
    throw parseError(
      `Signature '${source}' has no output fields after '->'. Name at least one, e.g. '${source.trim()} answer'.`,
      source,
    );
  checkNames(source, inputs, outputs);
  const opts = typeof options === 'string' ? { instructions: options } : (options ?? {});
  return new SignatureSpec({
    name: opts.name ?? 'StringSignature',
    instructions: opts.instructions,
    fields: [...inputs, ...outputs],
  });
}
