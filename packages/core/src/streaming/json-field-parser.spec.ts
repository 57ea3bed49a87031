import { JSONAdapter } from '../adapters/json-adapter';
import type { SignatureSpec } from '../signature/signature-spec';
import { signature } from '../signature/string-signature';
import { SeededRandom } from '../utils/seeded-random';
import { JsonFieldParser } from './json-field-parser';
import type { FieldEvent } from './stream-events';

const spec = signature('question -> answer, count: int, tags: list[str], meta: dict[str, str], note');

function run(chunks: readonly string[], s: SignatureSpec<any, any> = spec): FieldEvent[] {
  const events: FieldEvent[] = [];
  const parser = new JsonFieldParser(s, (e) => events.push(e));
  for (const c of chunks) parser.push(c);
  parser.end();
  return events;
}

function normalized(events: readonly FieldEvent[]): FieldEvent[] {
  const out: FieldEvent[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.type === 'field-chunk' && last?.type === 'field-chunk' && last.field === e.field)
      out[out.length - 1] = { ...last, text: last.text + e.text };
    else out.push(e);
  }
  return out;
}

const REPLY =
  'Here you go:\n```json\n{\n  "question": "echoed input",\n  "answer": "Pa\\"ris\\\\ \\u00e9t\\u00E9 \\ud83d\\ude00 😀\\n\\t/\\/",\n' +
  '  "count": 3 ,\n  "tags": ["a", "b,}", "]"],\n  "meta": {"x": "}", "y": "{"},\n  "note": "",\n  "answer": "again"\n}\n```';

describe('JsonFieldParser', () => {
  it('streams string values decoded and reports other values whole at field end', () => {
    const answer = JSON.parse(REPLY.slice(REPLY.indexOf('{'), REPLY.lastIndexOf('}') + 1)).answer as string;
    expect(answer).toBe('again'); // JSON.parse keeps the last duplicate; the stream reports the first
    expect(normalized(run([REPLY]))).toEqual([
      { type: 'field-start', field: 'answer' },
      { type: 'field-chunk', field: 'answer', text: 'Pa"ris\\ été 😀 😀\n\t//' },
      { type: 'field-end', field: 'answer', value: 'Pa"ris\\ été 😀 😀\n\t//' },
      { type: 'field-start', field: 'count' },
      { type: 'field-end', field: 'count', value: 3 },
      { type: 'field-start', field: 'tags' },
      { type: 'field-end', field: 'tags', value: ['a', 'b,}', ']'] },
      { type: 'field-start', field: 'meta' },
      { type: 'field-end', field: 'meta', value: { x: '}', y: '{' } },
      { type: 'field-start', field: 'note' },
      { type: 'field-end', field: 'note', value: '' },
    ]);
  });

  it('gives the same events for a split at every position (escapes, \\u sequences and surrogates included)', () => {
    const whole = normalized(run([REPLY]));
    for (let i = 0; i <= REPLY.length; i++) {
      const events = run([REPLY.slice(0, i), REPLY.slice(i)]);
      expect(normalized(events)).toEqual(whole);
      for (const e of events) if (e.type === 'field-chunk') expect(e.text).not.toMatch(/[\ud800-\udbff]$/);
    }
    expect(normalized(run(REPLY.split('')))).toEqual(whole);
  });

  it('matches JSON.parse on random strings split at random points', () => {
    const rnd = new SeededRandom(11);
    const alphabet = ['a', ' ', '"', '\\', '\n', '\t', '/', 'é', '😀', '\u2028', '}', ',', ':', '\b', '\u0001'];
    const s = signature('question -> answer');
    for (let round = 0; round < 200; round++) {
      let value = '';
      for (let i = rnd.randbelow(20); i > 0; i--) value += alphabet[rnd.randbelow(alphabet.length)];
      // Escape some characters as \uXXXX, as some providers do.
      const unicodeEscape = (c: string) =>
        c
          .split('')
          .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
          .join('');
      const json = JSON.stringify({ answer: value }).replace(/[é😀\u2028]/gu, unicodeEscape);
      expect(JSON.parse(json).answer).toBe(value);
      const chunks: string[] = [];
      for (let at = 0; at < json.length; ) {
        const size = 1 + rnd.randbelow(5);
        chunks.push(json.slice(at, at + size));
        at += size;
      }
      const events = run(chunks, s);
      const streamed = events
        .filter((e) => e.type === 'field-chunk')
        .map((e) => (e as { text: string }).text)
        .join('');
      expect(streamed).toBe(value);
      expect(events.at(-1)).toEqual({ type: 'field-end', field: 'answer', value });
    }
  });

  it('agrees with JSONAdapter.parse on a clean reply', () => {
    const reply = '{"answer": "Paris", "count": 2, "tags": ["x"], "meta": {}, "note": "n"}';
    const parsed = new JSONAdapter().parse(spec, reply);
    const ends = Object.fromEntries(run([reply]).flatMap((e) => (e.type === 'field-end' ? [[e.field, e.value]] : [])));
    expect(ends).toEqual(parsed);
  });

  it('accepts single-quoted strings, as the lenient final parse does', () => {
    expect(normalized(run(["{'answer': 'it\\'s'}"], signature('question -> answer')))).toEqual([
      { type: 'field-start', field: 'answer' },
      { type: 'field-chunk', field: 'answer', text: "it's" },
      { type: 'field-end', field: 'answer', value: "it's" },
    ]);
  });

  it('stops at text it cannot follow between values; a value itself is read leniently', () => {
    expect(normalized(run(['{"note": "a" x "answer": "b"}']))).toEqual([
      { type: 'field-start', field: 'note' },
      { type: 'field-chunk', field: 'note', text: 'a' },
      { type: 'field-end', field: 'note', value: 'a' },
    ]);
    expect(run(['{answer: "Paris"}'])).toEqual([]);
    expect(run(['{"answer": Paris, "count": 1}']).filter((e) => e.type === 'field-end')).toEqual([
      { type: 'field-end', field: 'answer', value: 'Paris' },
      { type: 'field-end', field: 'count', value: 1 },
    ]);
  });

  it('closes a field when the reply is cut short', () => {
    expect(normalized(run(['{"answer": "Par']))).toEqual([
      { type: 'field-start', field: 'answer' },
      { type: 'field-chunk', field: 'answer', text: 'Par' },
      { type: 'field-end', field: 'answer', value: 'Par' },
    ]);
    expect(run(['{"count": 4']).at(-1)).toEqual({ type: 'field-end', field: 'count', value: 4 });
  });

  it('ignores everything after the top-level object', () => {
    expect(
      run(['{"note": "a"} {"answer": "b"}'])
        .map((e) => e.type === 'field-start' && e.field)
        .filter(Boolean),
    ).toEqual(['note']);
  });
});
