/**
 * DSPy's `infer_prefix`: a field name as human-readable Title Case words. camelCase,
 * snake_case and digit runs are split; all-caps words (acronyms) are kept.
 *
 * @example
 * inferPrefix('someAttributeName42IsCool'); // 'Some Attribute Name 42 Is Cool'
 * inferPrefix('isHTTPSSecure123');          // 'Is HTTPS Secure 123'
 */
export function inferPrefix(name: string): string {
  const snake = name
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([a-zA-Z])(\d)/g, '$1_$2')
    .replace(/(\d)([a-zA-Z])/g, '$1_$2');
  return snake
    .split('_')
    .map((word) => (isUpper(word) ? word : capitalize(word)))
    .join(' ');
}

/** Python's `str.isupper()`: at least one cased character, and no lowercase ones. */
function isUpper(word: string): boolean {
  return word !== word.toLowerCase() && word === word.toUpperCase();
}

/** Python's `str.capitalize()`: first character upper, the rest lower. */
function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
