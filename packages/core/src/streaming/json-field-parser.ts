import { loadsLenient, NOT_JSON } from '../adapters/lenient-json';
import type { FieldSpec } from '../signature/field-spec';
import type { SignatureSpec } from '../signature/signature-spec';
import { ChunkBuffer, typedValue } from './chunk-buffer';
import { JsonStringReader, RawValueScanner } from './json-string-reader';
import type { FieldEvent, FieldStreamParser } from './stream-events';

type State = 'before' | 'key-or-end' | 'key' | 'colon' | 'value' | 'string' | 'raw' | 'after-value' | 'done';

const isSpace = (c: string): boolean => c === ' ' || c === '\n' || c === '\r' || c === '\t';

/**
 * JSONAdapter's reply format, parsed as it streams: the first top-level `{...}` object (text or
 * code fences before it are skipped), key by key. A string value streams as chunks of its
 * decoded text (escapes and `\uXXXX` resolved, split anywhere); any other value is read whole
 * and reported at `field-end`. Only output fields get events, first occurrence only. Anything
 * between values that is not plain JSON (unquoted keys, comments) stops the field events; the
 * final prediction still comes from the full, lenient parse.
 *
 * @example
 * const parser = new JsonFieldParser(signature('question -> answer'), (e) => console.log(e));
 * parser.push('{"answer": "Pa'); parser.push('ris"}'); parser.end();
 */
export class JsonFieldParser implements FieldStreamParser {
  private state: State = 'before';
  private reader?: JsonStringReader;
  private scanner?: RawValueScanner;
  private key = '';
  private value = '';
  private field?: FieldSpec;
  private readonly seen = new Set<string>();
  private readonly out = new ChunkBuffer();

  constructor(
    private readonly signature: SignatureSpec<any, any>,
    private readonly emit: (event: FieldEvent) => void,
  ) {}

  push(text: string): void {
    for (const c of text) this.char(c);
    this.flush(false);
  }

  end(): void {
    // A reply cut short still reports what it had (the final parse repairs it the same way).
    if (this.state === 'raw') this.closeValue(this.field && this.rawValue());
    else if (this.state === 'string') this.closeValue(this.value);
    this.state = 'done';
  }

  private char(c: string): void {
    switch (this.state) {
      case 'before':
        if (c === '{') this.state = 'key-or-end';
        return;
      case 'key-or-end':
        if (c === '"' || c === "'") [this.reader, this.key, this.state] = [new JsonStringReader(c), '', 'key'];
        else if (c === '}') this.state = 'done';
        else if (c !== ',' && !isSpace(c)) this.fail();
        return;
      case 'key': {
        const text = this.reader!.read(c);
        if (text === null) this.state = 'colon';
        else this.key += text;
        return;
      }
      case 'colon':
        if (c === ':') this.state = 'value';
        else if (!isSpace(c)) this.fail();
        return;
      case 'value':
        if (isSpace(c)) return;
        this.openValue();
        if (c === '"' || c === "'") [this.reader, this.state] = [new JsonStringReader(c), 'string'];
        else [this.scanner, this.state] = [new RawValueScanner(), 'raw'];
        if (this.state === 'raw') this.char(c);
        return;
      case 'string': {
        const text = this.reader!.read(c);
        if (text === null) {
          this.closeValue(this.value);
          this.state = 'after-value';
        } else if (this.field) {
          this.value += text;
          this.out.append(text);
        }
        return;
      }
      case 'raw':
        if (!this.scanner!.feed(c)) return;
        this.closeValue(this.field && this.rawValue());
        this.state = 'after-value';
        return this.char(c);
      case 'after-value':
        if (c === ',') this.state = 'key-or-end';
        else if (c === '}') this.state = 'done';
        else if (!isSpace(c)) this.fail();
        return;
      case 'done':
        return;
    }
  }

  private openValue(): void {
    this.value = '';
    const field = this.signature.field(this.key);
    if (!field || field.role !== 'output' || this.seen.has(field.name)) return;
    this.seen.add(field.name);
    this.field = field;
    this.emit({ type: 'field-start', field: field.name });
  }

  private rawValue(): unknown {
    const text = this.scanner!.text.trim();
    const parsed = loadsLenient(text);
    return parsed === NOT_JSON ? text : parsed;
  }

  private closeValue(raw: unknown): void {
    const field = this.field;
    if (!field) return;
    this.flush(true);
    this.field = undefined;
    this.emit({ type: 'field-end', field: field.name, ...typedValue(field, raw) });
  }

  /** Not JSON we can follow (between values, so no field is open): stop. */
  private fail(): void {
    this.state = 'done';
  }

  private flush(final: boolean): void {
    if (!this.field) return;
    const text = this.out.take(final);
    if (text) this.emit({ type: 'field-chunk', field: this.field.name, text });
  }
}
