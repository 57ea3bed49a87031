import type { AsPlainObject } from 'minisearch';
import { checkHeader, invalidFile } from '../internal/index-file';
import type { TokenizerState } from './tokenizer';

/**
 * BM25 parameters in their textbook names (minisearch calls them k, b, d).
 *
 * @example
 * BM25Retriever.fromDocuments(docs, { bm25: { k1: 1.5, b: 0.75, delta: 0 } }); // classic Okapi BM25
 */
export interface BM25Params {
  /** Term-frequency saturation; 1.2–2 is typical. Default 1.2. */
  readonly k1: number;
  /** Length normalization, 0 (none) to 1 (full). Default 0.7. */
  readonly b: number;
  /** BM25+ lower bound for one occurrence in a long passage; 0 gives classic Okapi BM25. Default 0.5. */
  readonly delta: number;
}

export const BM25_FILE = { format: 'dspy-ts/bm25', version: 1 } as const;

/** Everything a saved BM25 index holds. The `index` part is minisearch's own serialization. */
export interface BM25FileContents {
  readonly format: typeof BM25_FILE.format;
  readonly version: typeof BM25_FILE.version;
  readonly tokenizer: TokenizerState;
  readonly params: BM25Params;
  readonly k: number;
  readonly nextAutoId: number;
  readonly index: AsPlainObject;
}

const HOW_TO_CREATE = 'Create one with BM25Retriever.fromDocuments(docs).save(path).';

/** Parses and checks a BM25 file; every failure names the file and says how to fix it. */
export function parseBM25File(raw: Buffer, path: string): BM25FileContents {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw invalidFile(path, 'BM25 index', 'is not valid JSON (corrupt or truncated)', HOW_TO_CREATE, err);
  }
  checkHeader(parsed, BM25_FILE, path, 'BM25 index', HOW_TO_CREATE);
  const c = parsed as Partial<BM25FileContents>;
  const ok =
    c.tokenizer !== undefined &&
    Array.isArray(c.tokenizer.stopwords) &&
    c.params !== undefined &&
    [c.params.k1, c.params.b, c.params.delta].every((n) => typeof n === 'number') &&
    Number.isInteger(c.k) &&
    Number.isInteger(c.nextAutoId) &&
    c.index !== undefined &&
    typeof c.index === 'object' &&
    Array.isArray(c.index.index) &&
    typeof c.index.documentCount === 'number';
  if (!ok) throw invalidFile(path, 'BM25 index', 'is missing required fields (corrupt or hand-edited)', HOW_TO_CREATE);
  return c as BM25FileContents;
}

export { HOW_TO_CREATE as BM25_HOW_TO_CREATE };
