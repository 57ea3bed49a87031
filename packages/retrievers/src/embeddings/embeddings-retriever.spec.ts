import { DspyError, type Embedder } from '@dspy-ts/core';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS } from '../../test/helpers/corpus';
import { HashingEmbedder } from '../../test/helpers/hashing-embedder';
import { EmbeddingsRetriever } from './embeddings-retriever';

const ids = (ps: { id?: string }[]) => ps.map((p) => p.id);

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
}

let dir: string;
let kb: EmbeddingsRetriever;
const embedder = new HashingEmbedder(256);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dspy-emb-'));
  kb = await EmbeddingsRetriever.fromDocuments(CORPUS, embedder, { batchSize: 8 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('EmbeddingsRetriever on the fixed corpus', () => {
  it.each([
    ['capital of France', ['paris', 'berlin', 'tokyo']],
    ['largest planet in the solar system', ['jupiter', 'mars', 'tokyo']],
    ['how do I reset my password', ['password']],
    ['vector similarity search in postgres', ['pgvector']],
    ['when will my refund arrive', ['refund']],
    ['river in Africa', ['nile', 'sahara']],
    ['red planet', ['mars', 'jupiter']],
    ['yeast bread carbon dioxide', ['bread', 'photosynthesis']],
    // no shared whole word, only word pieces: where BM25 without stemming finds nothing
    ['resetting passwords', ['password']],
  ])('%s → starts with %j', async (query, expected) => {
    expect(ids(await kb.retrieve(query, { k: 3 })).slice(0, expected.length)).toEqual(expected);
  });

  it('scores are exact cosine similarities, best first', async () => {
    const query = 'capital of France';
    const passages = await kb.retrieve(query, { k: CORPUS.length });
    const [q] = await embedder.embed([query]);
    const docVectors = await embedder.embed(CORPUS.map((d) => d.text));
    const expected = CORPUS.map((d, i) => ({ id: d.id, score: cosine(q!, docVectors[i]!) })).sort(
      (a, b) => b.score - a.score,
    );
    expect(ids(passages)).toEqual(expected.map((e) => e.id));
    passages.forEach((p, i) => expect(p.score).toBeCloseTo(expected[i]!.score, 6));
  });

  it('returns text and metadata, k = 3 by default', async () => {
    const passages = await kb.retrieve('capital of France');
    expect(passages).toHaveLength(3);
    expect(passages[0]).toEqual({
      id: 'paris',
      text: CORPUS[0]!.text,
      score: expect.any(Number),
      metadata: { topic: 'geography' },
    });
  });

  it('embeds the corpus in batches of batchSize', async () => {
    const counting = new HashingEmbedder(64);
    await EmbeddingsRetriever.fromDocuments(CORPUS, counting, { batchSize: 8 });
    expect(counting.calls.map((c) => c.length)).toEqual([8, 8, 8, 6]);
    expect(counting.calls.flat()).toEqual(CORPUS.map((d) => d.text));
  });

  it('numbers documents without ids and continues on add()', async () => {
    const small = await EmbeddingsRetriever.fromDocuments(['alpha beta', 'gamma delta'], embedder);
    await small.add(['epsilon zeta']);
    expect(small.size).toBe(3);
    expect(ids(await small.retrieve('epsilon zeta', { k: 1 }))).toEqual(['2']);
    await expect(small.add([{ id: '0', text: 'dup' }])).rejects.toThrow(/repeats the id "0"/);
  });

  it('returns nothing from an empty index', async () => {
    expect(await new EmbeddingsRetriever(embedder).retrieve('anything')).toEqual([]);
  });

  it('leaves the index unchanged when embedding fails midway', async () => {
    let calls = 0;
    const flaky: Embedder = {
      model: embedder.model,
      embed: async (texts) => {
        if (++calls === 2) throw new Error('model crashed');
        return embedder.embed(texts);
      },
    };
    const idx = await EmbeddingsRetriever.fromDocuments(['one thing'], flaky);
    await expect(idx.add(['a', 'b', 'c'], { batchSize: 2 })).rejects.toThrow('model crashed');
    expect(idx.size).toBe(1);
    expect(ids(await idx.retrieve('one thing'))).toEqual(['0']);
  });

  it('explains an embedder that returns the wrong number or size of vectors', async () => {
    const short: Embedder = { model: 'bad/short', embed: async () => [[1, 2]] };
    await expect(EmbeddingsRetriever.fromDocuments(['a', 'b'], short)).rejects.toThrow(
      /bad\/short returned 1 vectors for 2 texts/,
    );
    // indexes with 256 dimensions, then answers queries with 32
    const small = new HashingEmbedder(32);
    let calls = 0;
    const shrinking: Embedder = {
      model: 'bad/shrinking',
      embed: (texts) => (++calls === 1 ? embedder : small).embed(texts),
    };
    const mixed = await EmbeddingsRetriever.fromDocuments(['a'], shrinking);
    await expect(mixed.retrieve('a')).rejects.toThrow(
      /bad\/shrinking returned a vector of 32 dimensions where 256 were expected/,
    );
  });

  it('rejects a missing embedder, a bad k and an aborted signal', async () => {
    expect(() => new EmbeddingsRetriever(undefined as never)).toThrow(/needs an Embedder/);
    await expect(kb.retrieve('x', { k: -1 })).rejects.toThrow(/k must be a positive integer/);
    await expect(kb.retrieve('x', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'EXECUTION_CANCELLED',
    });
    await expect(EmbeddingsRetriever.fromDocuments(CORPUS, embedder, { batchSize: 0 })).rejects.toThrow(
      /batchSize must be a positive integer/,
    );
  });
});

describe('EmbeddingsRetriever persistence', () => {
  const queries = ['capital of France', 'largest planet', 'reset password', 'café münchen'];

  it('reloads identical vectors: same passages and scores, without re-embedding documents', async () => {
    const file = join(dir, 'kb.emb');
    await kb.save(file);
    const counting = new HashingEmbedder(256);
    const loaded = await EmbeddingsRetriever.load(file, counting);
    expect(loaded.size).toBe(CORPUS.length);
    expect(loaded.dimensions).toBe(256);
    for (const q of queries) expect(await loaded.retrieve(q)).toEqual(await kb.retrieve(q));
    expect(counting.calls.every((c) => c.length === 1)).toBe(true); // only queries were embedded
  });

  it('writes a readable JSON header line followed by float32 vectors, atomically', async () => {
    const sub = await mkdtemp(join(dir, 'atomic-'));
    const file = join(sub, 'kb.emb');
    await kb.save(file);
    await kb.save(file);
    expect(await readdir(sub)).toEqual(['kb.emb']);
    const raw = await readFile(file);
    const newline = raw.indexOf(0x0a);
    const header = JSON.parse(raw.subarray(0, newline).toString('utf8'));
    expect(header).toMatchObject({
      format: 'dspy-ts/embeddings',
      version: 1,
      model: 'test/hashing-256',
      dimensions: 256,
      count: 30,
      dtype: 'float32le',
    });
    expect(raw.length - newline - 1).toBe(30 * 256 * 4);
  });

  it('round-trips an empty index', async () => {
    const file = join(dir, 'empty.emb');
    await new EmbeddingsRetriever(embedder).save(file);
    expect((await EmbeddingsRetriever.load(file, embedder)).size).toBe(0);
  });

  it('refuses vectors from another model unless told they are the same', async () => {
    const file = join(dir, 'model.emb');
    await kb.save(file);
    const other = new HashingEmbedder(256, 'ollama/nomic-embed-text');
    await expect(EmbeddingsRetriever.load(file, other)).rejects.toThrow(
      /vectors from model "test\/hashing-256", but the embedder is "ollama\/nomic-embed-text"/,
    );
    expect((await EmbeddingsRetriever.load(file, other, { checkModel: false })).size).toBe(30);
  });

  describe('load errors name the file and say how to fix it', () => {
    const expectFileError = async (file: string, pattern: RegExp) => {
      const err = await EmbeddingsRetriever.load(file, embedder).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(DspyError.is(err, 'FILE_INVALID')).toBe(true);
      expect((err as Error).message).toContain(file);
      expect((err as Error).message).toMatch(pattern);
      expect((err as Error).message).toContain('EmbeddingsRetriever.fromDocuments(docs, embedder)');
    };

    it('missing file', async () => {
      await expectFileError(join(dir, 'nope.emb'), /does not exist/);
    });

    it('truncated vectors', async () => {
      const good = join(dir, 'good.emb');
      await kb.save(good);
      const raw = await readFile(good);
      const file = join(dir, 'truncated.emb');
      await writeFile(file, raw.subarray(0, raw.length - 100));
      await expectFileError(file, /holds \d+ bytes of vectors where 30720 were expected .*truncated or corrupt/);
    });

    it('garbage', async () => {
      const file = join(dir, 'garbage.emb');
      await writeFile(file, Buffer.from([0xde, 0xad, 0xbe, 0xef]));
      await expectFileError(file, /no readable header/);
    });

    it('a BM25 file given by mistake', async () => {
      const file = join(dir, 'bm25.json');
      await writeFile(file, `${JSON.stringify({ format: 'dspy-ts/bm25', version: 1 })}\n`);
      await expectFileError(file, /is not a dspy-ts\/embeddings file/);
    });

    it('a newer format version', async () => {
      const file = join(dir, 'v2.emb');
      await writeFile(file, `${JSON.stringify({ format: 'dspy-ts/embeddings', version: 2 })}\n`);
      await expectFileError(file, /format version 2, but this version of @dspy-ts\/retrievers reads version 1/);
    });

    it('an inconsistent header', async () => {
      const file = join(dir, 'header.emb');
      await writeFile(
        file,
        `${JSON.stringify({ format: 'dspy-ts/embeddings', version: 1, model: 'm', dimensions: 4, count: 2, documents: [] })}\n`,
      );
      await expectFileError(file, /header with missing or inconsistent fields/);
    });
  });
});
