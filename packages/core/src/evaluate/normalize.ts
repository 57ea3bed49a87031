/** Python's `string.punctuation`: the ASCII punctuation DSPy strips before comparing answers. */
export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

const PUNCT_SET = new Set(PUNCTUATION);
// Python's `str.split()` whitespace (differs from JS `\s`: includes \x1c-\x1f and \x85, excludes \ufeff).
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;
// Python's `\b` is Unicode-aware (word = letters, digits, `_`); JS `\b` is ASCII-only, hence lookarounds.
const ARTICLES = /(?<![\p{L}\p{N}_])(a|an|the)(?![\p{L}\p{N}_])/gu;

/**
 * DSPy's `normalize_text`: Unicode NFD, lower case, drop ASCII punctuation, drop the articles
 * "a", "an", "the", collapse whitespace. Answers are compared after this.
 *
 * @example
 * normalizeText('The,  Eiffel  Tower!'); // 'eiffel tower'
 */
export function normalizeText(text: string): string {
  const lowered = text.normalize('NFD').toLowerCase();
  let unpunctuated = '';
  for (const ch of lowered) if (!PUNCT_SET.has(ch)) unpunctuated += ch;
  return splitWhitespace(unpunctuated.replace(ARTICLES, ' ')).join(' ');
}

/** Python's `str.split()` with no argument: split on whitespace runs, drop empty pieces. */
export function splitWhitespace(text: string): string[] {
  return text.split(PY_WHITESPACE).filter((t) => t !== '');
}
