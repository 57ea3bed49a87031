const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * Decodes one JSON string literal a character at a time, escapes included, whatever way the
 * text is split. `\uD83D\uDE00` decodes to two UTF-16 units that join into one character.
 * Single quotes are accepted as delimiters, as the lenient final parse (jsonrepair) does.
 *
 * @example
 * const r = new JsonStringReader('"');
 * [...'a\\u00e9"'].map((c) => r.read(c)); // ['a', '', '', '', '', '', 'é', null]
 */
export class JsonStringReader {
  private escaped = false;
  private hex?: string;

  constructor(private readonly quote: string) {}

  /** The decoded text for `c` (`''` while inside an escape), or `null` at the closing quote. */
  read(c: string): string | null {
    if (this.hex !== undefined) {
      this.hex += c;
      if (this.hex.length < 4) return '';
      const hex = this.hex;
      this.hex = undefined;
      // Invalid escapes are kept as written; the final parse decides what they mean.
      return HEX4.test(hex) ? String.fromCharCode(parseInt(hex, 16)) : `\\u${hex}`;
    }
    if (this.escaped) {
      this.escaped = false;
      if (c === 'u') {
        this.hex = '';
        return '';
      }
      return ESCAPES[c] ?? c;
    }
    if (c === '\\') {
      this.escaped = true;
      return '';
    }
    return c === this.quote ? null : c;
  }
}

/**
 * Follows a non-string JSON value (number, literal, array, object) to its end: a `,` or `}` at
 * depth 0, outside strings. The terminating character is not part of the value.
 *
 * @example
 * const s = new RawValueScanner();
 * [...'[1, {"a": "}"}]'].every((c) => !s.feed(c)); // true: nothing ended it
 * s.feed(','); // true
 */
export class RawValueScanner {
  text = '';
  private depth = 0;
  private quote?: string;
  private escaped = false;

  /** Consumes `c`; returns true (without consuming it) when `c` ends the value. */
  feed(c: string): boolean {
    if (this.quote) {
      if (this.escaped) this.escaped = false;
      else if (c === '\\') this.escaped = true;
      else if (c === this.quote) this.quote = undefined;
    } else if (c === '"' || c === "'") {
      this.quote = c;
    } else if (c === '{' || c === '[') {
      this.depth++;
    } else if (c === '}' || c === ']') {
      if (this.depth === 0) return true;
      this.depth--;
    } else if (c === ',' && this.depth === 0) {
      return true;
    }
    this.text += c;
    return false;
  }
}
