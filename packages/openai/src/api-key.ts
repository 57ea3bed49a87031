import { inspect } from 'node:util';

const values = new WeakMap<ApiKey, string>();

/**
 * Holds an API key so it never shows up in `JSON.stringify`, `console.log`, `util.inspect`,
 * error messages, history, cache keys or saved programs: only `reveal()` gives it back.
 *
 * @example
 * const key = new ApiKey(process.env.OPENAI_API_KEY!);
 * String(key); // '[redacted]'
 */
export class ApiKey {
  constructor(value: string) {
    values.set(this, value);
  }

  reveal(): string {
    return values.get(this) ?? '';
  }

  /** Replaces the key wherever it appears in `text` (servers sometimes echo it). */
  redact(text: string): string {
    const v = this.reveal();
    return v.length >= 4 ? text.split(v).join('[redacted]') : text;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'ApiKey([redacted])';
  }
}
