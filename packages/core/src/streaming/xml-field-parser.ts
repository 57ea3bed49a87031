import { pyStrip } from '../py';
import { parseXml, type XmlElement } from '../adapters/xml-tree';
import type { FieldSpec } from '../signature/field-spec';
import type { SignatureSpec } from '../signature/signature-spec';
import { ChunkBuffer } from './chunk-buffer';
import type { FieldEvent, FieldStreamParser } from './stream-events';

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const isSpace = (c: string): boolean => pyStrip(c) === '';
const NAME = /^<\/?([^\s/>]+)/;

/** Which markup a `<...` token is, once its end is known. */
function tokenEnd(token: string): boolean {
  if (token.startsWith('<!--')) return token.length >= 7 && token.endsWith('-->');
  if (token.startsWith('<![CDATA[')) return token.endsWith(']]>');
  if ('<!--'.startsWith(token) || '<![CDATA['.startsWith(token)) return false;
  if (token.startsWith('<?')) return token.length >= 4 && token.endsWith('?>');
  if (!token.endsWith('>')) return false;
  // A '>' inside a quoted attribute value does not end the tag.
  let quote = '';
  for (const c of token.slice(1, -1)) {
    if (quote) quote = c === quote ? '' : quote;
    else if (c === '"' || c === "'") quote = c;
  }
  return quote === '';
}

/**
 * XMLAdapter's reply format, parsed as it streams. A top-level `<name>` element of an output field
 * opens the field (only its first element counts, as in the final parse); its character data (entities
 * decoded, CDATA included, surrounding whitespace dropped as the final parse strips it) streams as
 * `field-chunk`s; its end tag gives `field-end` with the value parsed exactly as `XMLAdapter.parse`
 * parses it. Fields written as nested XML (lists, dicts, classes) stream no chunks, only start and
 * end. Markup inside a text field streams as written. Malformed XML ends the events (the final
 * parse reports it).
 *
 * @example
 * const parser = new XMLAdapter().createStreamParser(signature('question -> answer'), (e) => console.log(e));
 * parser.push('<answer>Par'); parser.push('is</answer>'); parser.end();
 */
export class XmlFieldParser implements FieldStreamParser {
  private token = ''; // an unfinished `<...>` or `&...;`
  private depth = 0; // element depth below the reply's top level
  private field?: { spec: FieldSpec; source: string; chunks: boolean };
  private readonly seen = new Set<string>();
  private started = false;
  private pendingSpace = '';
  private broken = false;
  private readonly out = new ChunkBuffer();

  constructor(
    private readonly signature: SignatureSpec<any, any>,
    private readonly emit: (event: FieldEvent) => void,
    private readonly valueOf: (field: FieldSpec, elements: readonly XmlElement[]) => unknown,
    private readonly nested: (field: FieldSpec) => boolean = () => false,
  ) {}

  push(text: string): void {
    if (this.broken) return;
    for (const c of text) {
      if (this.field) this.field.source += c;
      this.char(c);
      if (this.broken) return;
    }
    this.flush(false);
  }

  end(): void {
    if (this.field) this.close(undefined);
  }

  private char(c: string): void {
    if (this.token) {
      this.token += c;
      if (this.token[0] === '&') return c === ';' ? this.entity() : this.token.length > 12 ? this.fail() : undefined;
      if (tokenEnd(this.token)) this.markup();
      return;
    }
    if (c === '<' || c === '&') {
      this.token = c;
      return;
    }
    this.text(c);
  }

  private entity(): void {
    const body = this.token.slice(1, -1);
    this.token = '';
    const code = body.startsWith('#x')
      ? parseInt(body.slice(2), 16)
      : body.startsWith('#')
        ? parseInt(body.slice(1), 10)
        : NaN;
    const decoded = ENTITIES[body] ?? (Number.isFinite(code) ? String.fromCodePoint(code) : undefined);
    if (decoded === undefined) return this.fail();
    for (const ch of decoded) this.text(ch);
  }

  private markup(): void {
    const token = this.token;
    this.token = '';
    if (token.startsWith('<!--') || token.startsWith('<?')) return;
    if (token.startsWith('<![CDATA[')) {
      for (const ch of token.slice(9, -3)) this.text(ch);
      return;
    }
    const name = NAME.exec(token)?.[1];
    if (!name) return this.fail();
    if (token.startsWith('</')) {
      if (this.depth === 0) return this.fail();
      this.depth--;
      if (this.depth === 0 && this.field) this.close(this.field.source);
      else if (this.field?.chunks) this.raw(token);
      return;
    }
    const selfClosing = token.endsWith('/>');
    if (this.depth === 0) {
      const spec = this.signature.field(name);
      if (spec && spec.role === 'output' && !this.seen.has(name)) this.open(spec, token);
      if (selfClosing && this.field) return this.close(this.field.source);
    } else if (this.field?.chunks) this.raw(token);
    if (!selfClosing) this.depth++;
  }

  private open(spec: FieldSpec, token: string): void {
    this.seen.add(spec.name);
    this.field = { spec, source: token, chunks: !this.nested(spec) };
    this.started = false;
    this.pendingSpace = '';
    this.emit({ type: 'field-start', field: spec.name });
  }

  private close(source: string | undefined): void {
    const field = this.field!;
    this.flush(true);
    this.field = undefined;
    let value: { value?: unknown } = {};
    if (source !== undefined) {
      try {
        value = { value: this.valueOf(field.spec, [parseXml(source)]) };
      } catch {
        value = {};
      }
    }
    this.emit({ type: 'field-end', field: field.spec.name, ...value });
  }

  private text(c: string): void {
    if (!this.field?.chunks || this.depth !== 1) return;
    if (isSpace(c)) {
      if (this.started) this.pendingSpace += c;
      return;
    }
    this.started = true;
    this.out.append(this.pendingSpace + c);
    this.pendingSpace = '';
  }

  /** Markup inside a text field, as written. */
  private raw(token: string): void {
    this.started = true;
    this.out.append(this.pendingSpace + token);
    this.pendingSpace = '';
  }

  private fail(): void {
    this.broken = true;
    if (this.field) this.close(undefined);
  }

  private flush(final: boolean): void {
    if (!this.field) return;
    const text = this.out.take(final);
    if (text) this.emit({ type: 'field-chunk', field: this.field.spec.name, text });
  }
}
