import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsIn, IsInt, IsString, Min } from 'class-validator';
import { DspyError } from '../errors/dspy-error';
import { Example } from '../primitives/example';
import { DataLoader } from './data-loader';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'dspy-ts-data-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const errorOf = async (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as DspyError);

class QaRow {
  @IsString() question!: string;
  @IsInt() @Min(0) answer!: number;
  @IsIn(['easy', 'hard']) level!: 'easy' | 'hard';
}

describe('DataLoader.fromJsonl', () => {
  it('reads one example per line with its input keys; blank lines skipped', async () => {
    const path = file('qa.jsonl', '{"question": "1+1?", "answer": 2}\n\n{"question": "2+2?", "answer": 4}\r\n');
    const examples = await DataLoader.fromJsonl(path, { inputKeys: ['question'] });
    expect(examples.map((e) => e.toDict())).toEqual([
      { question: '1+1?', answer: 2 },
      { question: '2+2?', answer: 4 },
    ]);
    expect(examples[0]!.inputs().toDict()).toEqual({ question: '1+1?' });
    expect(examples[0]!.labels().toDict()).toEqual({ answer: 2 });
  });

  it('fields picks and orders fields; a row lacking one names the file and line', async () => {
    const path = file('f.jsonl', '{"a": 1, "b": 2, "c": 3}\n{"a": 1}\n');
    const err = await errorOf(DataLoader.fromJsonl(path, { fields: ['c', 'a'] }));
    expect(DspyError.is(err, 'FILE_INVALID')).toBe(true);
    expect(err!.message).toContain(`${path} line 2: no field(s) c`);
    const [first] = await DataLoader.fromJsonl(path, { fields: ['c', 'a'], limit: 1 });
    expect(Object.keys(first!.toDict())).toEqual(['c', 'a']);
  });

  it('typed rows: rowType converts and validates, a bad row is named with its line and property', async () => {
    const good = file('typed.jsonl', '{"question": "q", "answer": "3", "level": "easy"}\n');
    const [ex] = await DataLoader.fromJsonl(good, { rowType: QaRow, inputKeys: ['question'] });
    expect(ex!.answer).toBe(3);
    expect(ex!.level).toBe('easy');
    const bad = file(
      'bad.jsonl',
      '{"question": "q", "answer": 1, "level": "easy"}\n{"question": "q", "answer": -1, "level": "x"}\n',
    );
    const err = await errorOf(DataLoader.fromJsonl(bad, { rowType: QaRow }));
    expect(err!.message).toMatch(/bad\.jsonl line 2: the row does not fit QaRow: answer: .*; level: /);
  });

  it('invalid JSON and a missing file are FILE_INVALID with a clear message', async () => {
    const path = file('broken.jsonl', '{"a": 1}\n{"a": \n');
    expect((await errorOf(DataLoader.fromJsonl(path)))!.message).toContain('broken.jsonl line 2: not valid JSON');
    const missing = await errorOf(DataLoader.fromJsonl(join(dir, 'nope.jsonl')));
    expect(DspyError.is(missing, 'FILE_INVALID')).toBe(true);
    expect(missing!.message).toContain('nope.jsonl: no such file');
  });

  it('streams: the first example comes before the whole file is read, and breaking early closes the file', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => JSON.stringify({ i, text: `row ${i}` })).join('\n');
    const path = file('big.jsonl', lines);
    let seen = 0;
    for await (const ex of DataLoader.streamJsonl<{ i: number; text: string }>(path)) {
      expect(ex.i).toBe(seen);
      if (++seen === 3) break;
    }
    expect(seen).toBe(3);
    expect((await DataLoader.fromJsonl(path, { limit: 5 })).length).toBe(5);
  });

  it('an aborted signal stops reading', async () => {
    const path = file('abort.jsonl', '{"a": 1}\n{"a": 2}\n');
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(DataLoader.fromJsonl(path, { signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('DataLoader.fromJson', () => {
  it('reads an array, or the array under key; anything else says what to do', async () => {
    expect((await DataLoader.fromJson(file('a.json', '[{"q": 1}, {"q": 2}]'))).map((e) => e.get('q'))).toEqual([1, 2]);
    const keyed = file('k.json', '{"data": [{"q": "x", "a": "y"}]}');
    const [ex] = await DataLoader.fromJson(keyed, { key: 'data', inputKeys: ['q'] });
    expect(ex!.inputs().toDict()).toEqual({ q: 'x' });
    const err = await errorOf(DataLoader.fromJson(keyed));
    expect(err!.message).toMatch(/expected a JSON array of objects; for one object per line use DataLoader.fromJsonl/);
    const notObject = await errorOf(DataLoader.fromJson(file('n.json', '[1]')));
    expect(notObject!.message).toContain('item 1: a row must be an object of fields, got number');
  });
});

describe('DataLoader.fromCsv (csv-parse)', () => {
  it('header row, quoted fields with commas, quotes and newlines, BOM; numbers cast', async () => {
    const path = file(
      'qa.csv',
      '\ufeffquestion,answer,score\n"Hi, there","He said ""yo""\nthen left",0.5\nplain,x,3\n',
    );
    const examples = await DataLoader.fromCsv(path, { inputKeys: ['question'] });
    expect(examples.map((e) => e.toDict())).toEqual([
      { question: 'Hi, there', answer: 'He said "yo"\nthen left', score: 0.5 },
      { question: 'plain', answer: 'x', score: 3 },
    ]);
    expect(examples[1]!.inputs().toDict()).toEqual({ question: 'plain' });
  });

  it('cast: false keeps strings; delimiter and columns for headerless files', async () => {
    const path = file('semi.csv', '007;a\n8;b\n');
    const rows = await DataLoader.fromCsv(path, { delimiter: ';', columns: ['id', 'label'], cast: false });
    expect(rows.map((e) => e.toDict())).toEqual([
      { id: '007', label: 'a' },
      { id: '8', label: 'b' },
    ]);
  });

  it('typed rows and the line of a bad record', async () => {
    const path = file('typed.csv', 'question,answer,level\nq1,1,easy\nq2,oops,hard\n');
    const err = await errorOf(DataLoader.fromCsv(path, { rowType: QaRow }));
    expect(err!.message).toMatch(/typed\.csv record 3: the row does not fit QaRow: answer/);
    const ok = await DataLoader.fromCsv(path, { rowType: QaRow, limit: 1 });
    expect(ok[0]).toBeInstanceOf(Example);
    expect(ok[0]!.answer).toBe(1);
  });

  it('malformed CSV and a missing file are FILE_INVALID', async () => {
    const bad = await errorOf(DataLoader.fromCsv(file('bad.csv', 'a,b\n"unterminated,1\n')));
    expect(DspyError.is(bad, 'FILE_INVALID')).toBe(true);
    expect(bad!.message).toContain('bad.csv');
    const missing = await errorOf(DataLoader.fromCsv(join(dir, 'none.csv')));
    expect(DspyError.is(missing, 'FILE_INVALID')).toBe(true);
  });
});

describe('DataLoader.trainTestSplit / sample: same examples as DSPy 3.4.1 for the same seed', () => {
  const golden = JSON.parse(
    readFileSync(join(__dirname, '../../test/fixtures/dspy/dataloader-split.golden.json'), 'utf8'),
  ) as {
    splits: {
      n: number;
      seed: number;
      train_size: number;
      test_size: number | null;
      train: number[];
      test: number[];
    }[];
    samples: { n: number; k: number; seed: number; sample: number[] }[];
  };

  it.each(golden.splits.map((c) => [c.n, c.seed, c.train_size, c.test_size, c] as const))(
    'n=%i seed=%i trainSize=%s testSize=%s',
    (_n, _s, _t, _u, c) => {
      const data = Array.from({ length: c.n }, (_, i) => new Example({ i }).withInputs('i'));
      const { train, test } = DataLoader.trainTestSplit(data, {
        trainSize: c.train_size,
        testSize: c.test_size ?? undefined,
        seed: c.seed,
      });
      expect(train.map((e) => e.get('i'))).toEqual(c.train);
      expect(test.map((e) => e.get('i'))).toEqual(c.test);
    },
  );

  it('sample', () => {
    expect(golden.samples.length).toBeGreaterThan(0); // an empty golden would pass the loop unseen
    for (const c of golden.samples) {
      const data = Array.from({ length: c.n }, (_, i) => i);
      expect(DataLoader.sample(data, c.k, c.seed)).toEqual(c.sample);
    }
  });

  it('bad sizes are INPUT_INVALID', () => {
    expect(() => DataLoader.trainTestSplit([1, 2, 3], { trainSize: 1.5 })).toThrow(/Invalid trainSize/);
    expect(() => DataLoader.trainTestSplit([1, 2, 3], { trainSize: 2, testSize: 2 })).toThrow(/cannot exceed/);
  });
});
