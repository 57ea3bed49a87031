import { parseValue } from '../adapters/value-parse';
import type { FieldSpec } from '../signature/field-spec';

/**
 * Text of one field gathered during one `push`, handed out as one chunk. A trailing high
 * surrogate waits for its pair so no chunk holds half a character (a provider may split one).
 */
export class ChunkBuffer {
  private text = '';

  append(text: string): void {
    this.text += text;
  }

  /** The text ready to emit; with `final`, everything (the field ended). */
  take(final: boolean): string {
    const text = this.text;
    const last = text.charCodeAt(text.length - 1);
    if (!final && last >= 0xd800 && last <= 0xdbff) {
      this.text = text.slice(-1);
      return text.slice(0, -1);
    }
    this.text = '';
    return text;
  }
}

/**
 * `{ value }` with the field's text or JSON value parsed to its type, or `{}` when it does not
 * parse: a field event must never fail the call (the final parse reports errors properly).
 */
export function typedValue(field: FieldSpec, raw: unknown): { value?: unknown } {
  try {
    return { value: parseValue(raw, field) };
  } catch {
    return {};
  }
}
