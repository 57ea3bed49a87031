import { ChatAdapter } from '../adapters/chat-adapter';
import type { SignatureSpec } from '../signature/signature-spec';
import { signature } from '../signature/string-signature';
import { SeededRandom } from '../utils/seeded-random';
import { ChatFieldParser } from './chat-field-parser';
import type { FieldEvent } from './stream-events';

const qa = signature('question -> reasoning, answer');

function run(chunks: readonly string[], spec: SignatureSpec<any, any> = qa): FieldEvent[] {
  const events: FieldEvent[] = [];
  const parser = new ChatFieldParser(spec, (e) => events.push(e));
  for (const c of chunks) parser.push(c);
  parser.end();
  return events;
}

/** Adjacent chunks of one field merged: the same stream whatever the split. */
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

function texts(events: readonly FieldEvent[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of events) {
    if (e.type === 'field-start') out[e.field] = '';
    if (e.type === 'field-chunk') out[e.field] += e.text;
  }
  return out;
}

const REPLY =
  'Sure! [[ ## answer ## ]] is not a header here.\r\n' +
  '  [[ ## reasoning ## ]]  first line on the header line  \r\n' +
  '\n  second line\t\n[[ ## not a header\n[[ #\n\n' +
  '[[ ## answer ## ]]\n😀 Paris 😀\n\n[[ ## completed ## ]]\nignored after completed';

describe('ChatFieldParser', () => {
  it('streams each output field with the text ChatAdapter.parse takes', () => {
    const events = normalized(run([REPLY]));
    const parsed = new ChatAdapter().parse(qa, REPLY);
    expect(events).toEqual([
      { type: 'field-start', field: 'reasoning' },
      { type: 'field-chunk', field: 'reasoning', text: parsed.reasoning },
      { type: 'field-end', field: 'reasoning', value: parsed.reasoning },
      { type: 'field-start', field: 'answer' },
      { type: 'field-chunk', field: 'answer', text: '😀 Paris 😀' },
      { type: 'field-end', field: 'answer', value: '😀 Paris 😀' },
    ]);
    // DSPy 3.4.1 gives exactly this (the leading spaces move the cut into the header: `]]` stays).
    expect(parsed.reasoning).toBe(']]  first line on the header line\n\n  second line\t\n[[ ## not a header\n[[ #');
  });

  it('cuts header lines with leading whitespace where DSPy does, in the final parse and the stream', () => {
    // Expected values printed by DSPy 3.4.1's ChatAdapter.parse for the same replies.
    const cases: [string, Record<string, string>][] = [
      [
        '   [[ ## reasoning ## ]] r\n' + ' '.repeat(25) + '[[ ## answer ## ]] Paris\n\t[[ ## completed ## ]]',
        { reasoning: ']] r', answer: '[[ ## answer ## ]] Paris' },
      ],
      ['[[ ## reasoning ## ]]\nr\n [[ ## answer ## ]]\nParis', { reasoning: 'r', answer: ']\nParis' }],
    ];
    for (const [reply, expected] of cases) {
      expect(new ChatAdapter().parse(qa, reply)).toEqual(expected);
      expect(texts(run([reply]))).toEqual(expected);
      expect(texts(run(reply.split('')))).toEqual(expected);
    }
  });

  it('gives the same events for a split at every position, and character by character', () => {
    const whole = normalized(run([REPLY]));
    for (let i = 0; i <= REPLY.length; i++) {
      const events = run([REPLY.slice(0, i), REPLY.slice(i)]);
      expect(normalized(events)).toEqual(whole);
      // No chunk carries half a surrogate pair.
      for (const e of events) if (e.type === 'field-chunk') expect(e.text).not.toMatch(/[\ud800-\udbff]$/);
    }
    expect(normalized(run([...REPLY.split('')]))).toEqual(whole);
  });

  it('ignores text before the first header and input or unknown sections', () => {
    const events = run([
      'Let me think.\n[[ ## question ## ]]\nnot an output\n[[ ## other ## ]]\nx\n[[ ## answer ## ]]\n42',
    ]);
    expect(events.filter((e) => e.type === 'field-start')).toEqual([{ type: 'field-start', field: 'answer' }]);
    expect(texts(events)).toEqual({ answer: '42' });
  });

  it('ends a field at [[ ## completed ## ]] and at any other header', () => {
    const events = run(['[[ ## answer ## ]]\nParis\n[[ ## completed ## ]]\ntrailing words']);
    expect(events).toEqual([
      { type: 'field-start', field: 'answer' },
      { type: 'field-chunk', field: 'answer', text: 'Paris' },
      { type: 'field-end', field: 'answer', value: 'Paris' },
    ]);
    expect(texts(run(['[[ ## answer ## ]]\nParis\n[[ ## question ## ]]\nmore']))).toEqual({ answer: 'Paris' });
  });

  it('streams only the first section of a field (as the final parse keeps the first)', () => {
    const events = run(['[[ ## answer ## ]]\nfirst\n[[ ## answer ## ]]\nsecond']);
    expect(texts(events)).toEqual({ answer: 'first' });
    expect(events.filter((e) => e.type === 'field-end')).toHaveLength(1);
  });

  it('holds back a possible header and trailing whitespace, releasing them when they turn out to be text', () => {
    const events: FieldEvent[] = [];
    const parser = new ChatFieldParser(qa, (e) => events.push(e));
    parser.push('[[ ## answer ## ]]\nParis  \n[[ ## ans');
    expect(texts(events)).toEqual({ answer: 'Paris' });
    parser.push('wer is here');
    expect(texts(events)).toEqual({ answer: 'Paris  \n[[ ## answer is here' });
    parser.end();
    expect(events.at(-1)).toEqual({ type: 'field-end', field: 'answer', value: 'Paris  \n[[ ## answer is here' });
  });

  it('reports typed values at field end, and no value when the text does not parse', () => {
    const spec = signature('question -> count: int, tags: list[str]');
    const ok = run(['[[ ## count ## ]]\n42\n\n[[ ## tags ## ]]\n["a", "b"]'], spec);
    expect(ok.filter((e) => e.type === 'field-end')).toEqual([
      { type: 'field-end', field: 'count', value: 42 },
      { type: 'field-end', field: 'tags', value: ['a', 'b'] },
    ]);
    expect(run(['[[ ## count ## ]]\nmany'], spec).at(-1)).toEqual({ type: 'field-end', field: 'count' });
  });

  it('agrees with ChatAdapter.parse on random replies split at random points', () => {
    const rnd = new SeededRandom(7);
    const pieces = [
      '[[ ## reasoning ## ]]',
      '[[ ## answer ## ]]',
      '[[ ## completed ## ]]',
      '[[ ## ',
      ' ## ]]',
      'word',
      ' ',
      '  ',
      '\n',
      '\r\n',
      '\r',
      '\u2028',
      '\t',
      'é',
      '😀',
      '[',
      '#',
    ];
    for (let round = 0; round < 300; round++) {
      let reply = '';
      const length = 1 + rnd.randbelow(30);
      for (let i = 0; i < length; i++) reply += pieces[rnd.randbelow(pieces.length)];
      reply += '\n[[ ## reasoning ## ]]\nr\n[[ ## answer ## ]]\na'; // parse needs both fields
      const chunks: string[] = [];
      for (let at = 0; at < reply.length; ) {
        const size = 1 + rnd.randbelow(6);
        chunks.push(reply.slice(at, at + size));
        at += size;
      }
      expect(texts(run(chunks))).toEqual(new ChatAdapter().parse(qa, reply));
    }
  });
});
