import { pyStrip } from '../py';
import type { FieldSpec } from '../signature/field-spec';
import type { SignatureSpec } from '../signature/signature-spec';
import { ChunkBuffer, typedValue } from './chunk-buffer';
import type { FieldEvent, FieldStreamParser } from './stream-events';

const OPEN = '[[ ## ';
const CLOSE = ' ## ]]';
const NAME = /^[\p{L}\p{N}_]*/u;
// The line boundaries of Python's str.splitlines(), which ChatAdapter.parse splits on.
const LINE_BREAK = /^[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]$/;

/** Python's `str.isspace()` for one character (the set `pyStrip` strips). */
const isSpace = (c: string): boolean => pyStrip(c) === '';

/** Whether a line (leading whitespace removed) is a `[[ ## name ## ]]` header, could still become one, or cannot. */
function headerState(s: string): { state: 'header'; name: string } | { state: 'maybe' | 'no' } {
  if (s.length <= OPEN.length) return { state: OPEN.startsWith(s) ? 'maybe' : 'no' };
  if (!s.startsWith(OPEN)) return { state: 'no' };
  const name = NAME.exec(s.slice(OPEN.length))![0];
  const after = s.slice(OPEN.length + name.length);
  if (after === '') return { state: 'maybe' };
  // A name character outside the BMP may arrive as a lone high surrogate first.
  if (after.length === 1 && /[\ud800-\udbff]/.test(after)) return { state: 'maybe' };
  if (name === '') return { state: 'no' };
  if (after === CLOSE) return { state: 'header', name };
  return { state: CLOSE.startsWith(after) ? 'maybe' : 'no' };
}

/**
 * ChatAdapter's reply format, parsed as it streams, with `ChatAdapter.parse`'s rules: a line
 * whose stripped text starts with `[[ ## name ## ]]` opens a section (text after the header on
 * that line is its first line, cut where DSPy cuts it when the line has leading whitespace); text before the first header is dropped; only the first section
 * of each output field counts; any other header (`completed`, inputs, unknown names) ends the
 * field. A line that could still become a header is held back, and so is whitespace that could
 * turn out to be trailing, so a field's chunks concatenate to exactly the text the final parse
 * takes (`\r\n` and other line breaks become `\n`, as `splitlines` + `join` make them).
 *
 * @example
 * const parser = new ChatFieldParser(signature('question -> answer'), (e) => console.log(e));
 * parser.push('[[ ## answer ## ]]\nPar'); parser.push('is\n\n[[ ## completed ## ]]'); parser.end();
 */
export class ChatFieldParser implements FieldStreamParser {
  private line = ''; // the current line while it may still be a header
  private stripped = ''; // `line` without its leading whitespace
  private undecided = true;
  private onHeaderLine = false;
  private afterCR = false;
  private field?: FieldSpec;
  private readonly seen = new Set<string>();
  private started = false; // a non-space character of the field was seen
  private pendingSpace = ''; // whitespace that is only emitted if more text follows
  private value = '';
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
    this.releaseLine();
    this.closeField();
  }

  private char(c: string): void {
    if (this.afterCR && c === '\n') return void (this.afterCR = false); // \r\n is one break
    this.afterCR = c === '\r';
    if (LINE_BREAK.test(c)) return this.lineBreak();
    if (!this.undecided) return this.content(c);
    this.line += c;
    if (this.stripped === '' && isSpace(c)) return;
    this.stripped += c;
    const header = headerState(this.stripped);
    if (header.state !== 'header') {
      if (header.state === 'no') this.releaseLine();
      return;
    }
    // DSPy cuts the header line at the match's end counted in the *unstripped* line, so with
    // leading whitespace the header's last characters become content (`   [[ ## a ## ]]` → `]]`).
    const carry = Array.from(this.line).slice(Array.from(this.stripped).length);
    this.line = this.stripped = '';
    this.undecided = false;
    this.openSection(header.name);
    for (const ch of carry) this.content(ch);
  }

  private lineBreak(): void {
    this.releaseLine();
    // The text after a header is stripped on both sides: its trailing spaces never count.
    if (this.onHeaderLine) this.pendingSpace = '';
    this.onHeaderLine = false;
    this.undecided = true;
    this.content('\n');
  }

  /** The held line is not a header after all: it is field text. */
  private releaseLine(): void {
    const line = this.line;
    this.line = this.stripped = '';
    this.undecided = false;
    for (const c of line) this.content(c);
  }

  private content(c: string): void {
    if (!this.field) return;
    if (isSpace(c)) {
      if (this.started) this.pendingSpace += c;
      return;
    }
    this.started = true;
    const text = this.pendingSpace + c;
    this.pendingSpace = '';
    this.value += text;
    this.out.append(text);
  }

  private openSection(name: string): void {
    this.closeField();
    this.onHeaderLine = true;
    const field = this.signature.field(name);
    if (!field || field.role !== 'output' || this.seen.has(name)) return;
    this.seen.add(name);
    this.field = field;
    this.started = false;
    this.pendingSpace = this.value = '';
    this.emit({ type: 'field-start', field: name });
  }

  private closeField(): void {
    const field = this.field;
    if (!field) return;
    this.flush(true);
    this.field = undefined;
    this.emit({ type: 'field-end', field: field.name, ...typedValue(field, this.value) });
  }

  private flush(final: boolean): void {
    if (!this.field) return;
    const text = this.out.take(final);
    if (text) this.emit({ type: 'field-chunk', field: this.field.name, text });
  }
}
