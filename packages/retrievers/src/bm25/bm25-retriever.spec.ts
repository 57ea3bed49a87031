import { DspyError } from '@dspy-ts/core';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from '../../test/helpers/corpus';
import { BM25Retriever } from './bm25-retriever';

const ids = (ps: { id?: string }[]) => ps.map((p) => p.id);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dspy-bm25-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('BM25Retriever on the fixed corpus', () => {
  const bm25 = BM25Retriever.fromDocuments(CORPUS);

  it.each([
    ['capital of France', ['paris', 'tokyo', 'berlin']],
    ['largest planet in the solar system', ['jupiter', 'tokyo', 'mars']],
    ['vector similarity search in postgres', ['pgvector', 'amazon', 'git']],
    ['river in Africa', ['nile', 'sahara', 'paris']],
    ['yeast bread carbon dioxide', ['bread', 'photosynthesis']],
    ['red planet', ['mars', 'jupiter']],
    ['MÜNCHEN straße', ['cafe']],
  ])('%s → %j', async (query, expected) => {
    expect(ids(await bm25.retrieve(query, { k: 3 }))).toEqual(expected);
  });

  it('favours the shortest passage when all match one term equally (length normalization)', async () => {
    expect(ids(await bm25.retrieve('capital'))).toEqual(['berlin', 'paris', 'tokyo']);
  });

  it('returns text, metadata and descending positive scores', async () => {
    const [first, second] = await bm25.retrieve('capital of France', { k: 2 });
    expect(first).toEqual({
      id: 'paris',
      text: CORPUS[0]!.text,
      score: expect.any(Number),
      metadata: { topic: 'geography' },
    });
    expect(first!.score).toBeGreaterThan(second!.score);
    expect(second!.score).toBeGreaterThan(0);
  });

  it('returns k = 3 by default, the constructor default otherwise, and fewer when fewer match', async () => {
    expect(await bm25.retrieve('the')).toHaveLength(3);
    expect(await BM25Retriever.fromDocuments(CORPUS, { k: 5 }).retrieve('the')).toHaveLength(5);
    expect(ids(await bm25.retrieve('how do I reset my password', { k: 10 }))).toEqual(['password']);
    expect(await bm25.retrieve('quantum chromodynamics')).toEqual([]);
  });

  it('drops stopwords when asked, so a query of only stopwords finds nothing', async () => {
    const withStops = BM25Retriever.fromDocuments(CORPUS, { stopwords: 'eng' });
    expect(await withStops.retrieve('the of and')).toEqual([]);
    expect(ids(await withStops.retrieve('capital of France'))).toEqual(['paris', 'berlin', 'tokyo']);
  });

  it('does not stem: an inflected form is a different term', async () => {
    expect(await bm25.retrieve('resetting passwords')).toEqual([]);
  });

  it('rejects a bad k and an aborted signal', async () => {
    await expect(bm25.retrieve('x', { k: 0 })).rejects.toThrow(/k must be a positive integer, got 0/);
    await expect(bm25.retrieve('x', { k: 2.5 })).rejects.toThrow(DspyError);
    await expect(bm25.retrieve('x', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'EXECUTION_CANCELLED',
    });
  });
});

describe('BM25Retriever scoring', () => {
  // Three passages with known term frequencies; length = distinct terms (minisearch's measure).
  const docs = ['apple banana', 'apple apple cherry', 'banana cherry date elder'];
  const lengths = [2, 2, 4];
  const avg = 8 / 3;
  const idf = (n: number) => Math.log(1 + (3 - n + 0.5) / (n + 0.5));
  const weight = (tf: number, len: number, k1: number, b: number, delta: number) =>
    delta + (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * len) / avg));

  it('computes BM25+ with default parameters (k1 1.2, b 0.7, delta 0.5) as the plain sum over query terms', async () => {
    const bm25 = BM25Retriever.fromDocuments(docs);
    const scores = Object.fromEntries((await bm25.retrieve('apple cherry', { k: 3 })).map((p) => [p.id, p.score]));
    expect(scores['1']).toBeCloseTo(
      idf(2) * weight(2, lengths[1]!, 1.2, 0.7, 0.5) + idf(2) * weight(1, lengths[1]!, 1.2, 0.7, 0.5),
      10,
    );
    expect(scores['0']).toBeCloseTo(idf(2) * weight(1, lengths[0]!, 1.2, 0.7, 0.5), 10);
    expect(scores['2']).toBeCloseTo(idf(2) * weight(1, lengths[2]!, 1.2, 0.7, 0.5), 10);
  });

  it('gives classic Okapi BM25 with delta 0 and honours k1 and b', async () => {
    const bm25 = BM25Retriever.fromDocuments(docs, { bm25: { k1: 1.5, b: 0.75, delta: 0 } });
    const [top] = await bm25.retrieve('apple', { k: 1 });
    expect(top).toMatchObject({ id: '1' });
    expect(top!.score).toBeCloseTo(idf(2) * weight(2, 2, 1.5, 0.75, 0), 10);
  });

  it('rejects invalid parameters', () => {
    expect(() => new BM25Retriever({ bm25: { k1: 0 } })).toThrow(/invalid BM25 parameters.*k1 > 0/);
    expect(() => new BM25Retriever({ bm25: { b: 2 } })).toThrow(DspyError);
  });
});

describe('BM25Retriever documents', () => {
  it('numbers documents without ids and continues the numbering on add()', async () => {
    const bm25 = BM25Retriever.fromDocuments(['alpha one', 'beta two']).add([
      'gamma three',
      { id: 'x', text: 'delta four' },
    ]);
    expect(bm25.size).toBe(4);
    expect(ids(await bm25.retrieve('gamma'))).toEqual(['2']);
    expect(ids(await bm25.retrieve('delta'))).toEqual(['x']);
  });

  it('rejects duplicate ids within a batch and against the index', () => {
    expect(() =>
      BM25Retriever.fromDocuments([
        { id: 'a', text: 'x' },
        { id: 'a', text: 'y' },
      ]),
    ).toThrow(/document #1 repeats the id "a"/);
    const bm25 = BM25Retriever.fromDocuments([{ id: 'a', text: 'x' }]);
    expect(() => bm25.add([{ id: 'a', text: 'z' }])).toThrow(/repeats the id "a"/);
    expect(bm25.size).toBe(1);
  });

  it('rejects documents without text', () => {
    expect(() => BM25Retriever.fromDocuments([{ text: 42 } as never])).toThrow(/document #0 has no string `text`/);
  });

  it('removes documents by id and refuses unknown ids', async () => {
    const bm25 = BM25Retriever.fromDocuments(CORPUS).remove(['paris']);
    expect(ids(await bm25.retrieve('France'))).toEqual([]);
    expect(bm25.size).toBe(CORPUS.length - 1);
    expect(() => bm25.remove(['nope'])).toThrow(/no document with id "nope"/);
  });
});

describe('BM25Retriever persistence', () => {
  const queries = ['capital of France', 'largest planet', 'the', 'café münchen', 'reset password'];

  it('reloads an index that answers exactly as before, settings included', async () => {
    const original = BM25Retriever.fromDocuments(CORPUS, { stopwords: 'eng', k: 4, bm25: { delta: 0 } });
    const file = join(dir, 'kb.bm25.json');
    await original.save(file);
    const loaded = await BM25Retriever.load(file);
    expect(loaded.size).toBe(CORPUS.length);
    for (const q of queries) expect(await loaded.retrieve(q)).toEqual(await original.retrieve(q));
    // stopwords came back with the file, not from defaults
    expect(await loaded.retrieve('the of and')).toEqual([]);
    // numbering (by position) continues after reload
    loaded.add(['zebra stripes']);
    expect(ids(await loaded.retrieve('zebra'))).toEqual([String(CORPUS.length)]);
  });

  it('saves atomically: overwrites in place and leaves no temp files', async () => {
    const sub = await mkdtemp(join(dir, 'atomic-'));
    const file = join(sub, 'index.json');
    await BM25Retriever.fromDocuments(['old text']).save(file);
    await BM25Retriever.fromDocuments(['new text']).save(file);
    expect(await readdir(sub)).toEqual(['index.json']);
    expect(ids(await (await BM25Retriever.load(file)).retrieve('new'))).toEqual(['0']);
  });

  it('creates missing folders on save', async () => {
    const file = join(dir, 'deep', 'er', 'kb.json');
    await BM25Retriever.fromDocuments(['x']).save(file);
    expect((await BM25Retriever.load(file)).size).toBe(1);
  });

  describe('load errors name the file and say how to fix it', () => {
    const expectFileError = async (file: string, pattern: RegExp) => {
      const err = await BM25Retriever.load(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(DspyError.is(err, 'FILE_INVALID')).toBe(true);
      expect((err as Error).message).toContain(file);
      expect((err as Error).message).toMatch(pattern);
      expect((err as Error).message).toContain('BM25Retriever.fromDocuments(docs).save(path)');
    };

    it('missing file', async () => {
      await expectFileError(join(dir, 'missing.json'), /does not exist/);
    });

    it('truncated / not JSON', async () => {
      const file = join(dir, 'truncated.json');
      const good = join(dir, 'good.json');
      await BM25Retriever.fromDocuments(CORPUS).save(good);
      const text = await readFile(good, 'utf8');
      await writeFile(file, text.slice(0, text.length / 2));
      await expectFileError(file, /not valid JSON \(corrupt or truncated\)/);
    });

    it('another kind of JSON file', async () => {
      const file = join(dir, 'package.json');
      await writeFile(file, JSON.stringify({ name: 'x' }));
      await expectFileError(file, /is not a dspy-ts\/bm25 file/);
    });

    it('a newer format version', async () => {
      const file = join(dir, 'future.json');
      await writeFile(file, JSON.stringify({ format: 'dspy-ts/bm25', version: 99 }));
      await expectFileError(file, /format version 99, but this version of @dspy-ts\/retrievers reads version 1/);
    });

    it('missing fields', async () => {
      const file = join(dir, 'fields.json');
      await writeFile(file, JSON.stringify({ format: 'dspy-ts/bm25', version: 1, tokenizer: { stopwords: [] } }));
      await expectFileError(file, /missing required fields/);
    });

    it('a damaged index section', async () => {
      const file = join(dir, 'damaged.json');
      const good = join(dir, 'good2.json');
      await BM25Retriever.fromDocuments(CORPUS).save(good);
      const contents = JSON.parse(await readFile(good, 'utf8'));
      contents.index.documentIds = null;
      await writeFile(file, JSON.stringify(contents));
      await expectFileError(file, /has an index that cannot be read/);
    });

    it('a folder instead of a file', async () => {
      await expectFileError(dir, /is a folder/);
    });
  });
});
