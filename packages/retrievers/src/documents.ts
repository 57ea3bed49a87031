import { DspyError } from '@dspy-ts/core';

/**
 * What every retriever indexes: a plain string, or a passage with an optional stable `id` and
 * JSON-serializable `metadata` that comes back on each retrieved `Passage`.
 *
 * @example
 * const docs: RetrieverDocument[] = [
 *   'Paris is the capital of France.',
 *   { id: 'faq-7', text: 'Reset your password from the login page.', metadata: { source: 'faq' } },
 * ];
 */
export type RetrieverDocument =
  | string
  | {
      readonly id?: string;
      readonly text: string;
      readonly metadata?: Readonly<Record<string, unknown>>;
    };

/** A document after defaults are applied: every field present. */
export interface StoredDocument {
  readonly id: string;
  readonly text: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/**
 * Applies defaults and checks documents before they enter an index.
 * `defaultId(i)` names documents without an `id` (position for in-memory indexes, a content hash
 * for pgvector, where positions mean nothing across separate upserts).
 *
 * @example
 * normalizeDocuments(['a', 'b'], 'BM25Retriever', (i) => String(i)); // ids '0', '1'
 */
export function normalizeDocuments(
  docs: readonly RetrieverDocument[],
  owner: string,
  defaultId: (index: number, text: string) => string,
  existingIds?: { has(id: string): boolean },
): StoredDocument[] {
  if (!Array.isArray(docs)) {
    throw new DspyError(
      'INPUT_INVALID',
      `${owner} expects an array of documents (strings or { id?, text, metadata? }), got ${typeof docs}.`,
    );
  }
  const seen = new Set<string>();
  return docs.map((doc, i) => {
    const d = typeof doc === 'string' ? { text: doc } : doc;
    if (d === null || typeof d !== 'object' || typeof d.text !== 'string') {
      throw new DspyError(
        'INPUT_INVALID',
        `${owner}: document #${i} has no string \`text\`. Pass a string or { id?, text, metadata? }.`,
      );
    }
    const id = d.id ?? defaultId(i, d.text);
    if (typeof id !== 'string' || id === '') {
      throw new DspyError(
        'INPUT_INVALID',
        `${owner}: document #${i} has an invalid id ${JSON.stringify(id)}; ids are non-empty strings.`,
      );
    }
    // Duplicate ids would silently overwrite (pgvector) or throw deep inside the index (BM25).
    if (seen.has(id) || existingIds?.has(id)) {
      throw new DspyError(
        'INPUT_INVALID',
        `${owner}: document #${i} repeats the id "${id}". Ids must be unique; give each document its own id or leave it out.`,
      );
    }
    seen.add(id);
    const metadata = d.metadata ?? {};
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      throw new DspyError('INPUT_INVALID', `${owner}: document "${id}" has metadata that is not a plain object.`);
    }
    return { id, text: d.text, metadata };
  });
}
