import { DspyError } from '../errors/dspy-error';

export type TokenKind = 'ident' | 'string' | 'number' | 'arrow' | 'punct' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Parsed value of `string` and `number` tokens. */
  readonly value?: string | number;
  readonly at: number;
}

const PUNCT = new Set(['[', ']', '<', '>', '(', ')', ',', '|', ':', '?']);

/** Points at column `at` of `source`, for parse error messages. */
export function caret(source: string, at: number): string {
  return `\n  ${source}\n  ${' '.repeat(at)}^`;
}

export function parseError(message: string, source: string, at?: number): DspyError {
  return new DspyError('SIGNATURE_PARSE', at === undefined ? message : `${message}${caret(source, at)}`, {
    details: { signature: source },
  });
}

/**
 * Splits a string signature into tokens. Quoted literals are single tokens, so a `->` or `,`
 * inside `Literal['a->b']` does not split fields.
 *
 * @example
 * tokenize('q -> a: int').map((t) => t.text); // ['q', '->', 'a', ':', 'int', '']
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && source[i + 1] === '>') {
      tokens.push({ kind: 'arrow', text: '->', at: i });
      i += 2;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/.exec(source.slice(i))!;
      tokens.push({ kind: 'ident', text: m[0], at: i });
      i += m[0].length;
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/.exec(source.slice(i));
      if (!m) throw parseError(`Unexpected character '${c}' in signature.`, source, i);
      tokens.push({ kind: 'number', text: m[0], value: Number(m[0]), at: i });
      i += m[0].length;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let text = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) j++;
        text += source[j++];
      }
      if (j >= source.length) throw parseError(`Unterminated string literal in signature.`, source, i);
      tokens.push({ kind: 'string', text: source.slice(i, j + 1), value: text, at: i });
      i = j + 1;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, at: i });
      i++;
    } else {
      throw parseError(
        `Unexpected character '${c}' in signature. Field names must be identifiers (letters, digits and _, not starting with a digit).`,
        source,
        i,
      );
    }
  }
  tokens.push({ kind: 'end', text: '', at: source.length });
  return tokens;
}
