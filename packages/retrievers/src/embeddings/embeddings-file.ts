import { DspyError } from '@dspy-ts/core';
import { endianness } from 'node:os';
import type { StoredDocument } from '../documents';
import { checkHeader, invalidFile } from '../internal/index-file';

export const EMBEDDINGS_FILE = { format: 'dspy-ts/embeddings', version: 1 } as const;
export const EMBEDDINGS_HOW_TO_CREATE =
  'Create one with (await EmbeddingsRetriever.fromDocuments(docs, embedder)).save(path).';

/** The JSON header line of an embeddings file; raw vectors follow it. */
export interface EmbeddingsFileHeader {
  readonly format: typeof EMBEDDINGS_FILE.format;
  readonly version: typeof EMBEDDINGS_FILE.version;
  readonly model: string;
  readonly dimensions: number;
  readonly count: number;
  readonly k: number;
  readonly nextAutoId: number;
  /** Vectors are stored already normalized, little-endian float32, row-major. */
  readonly dtype: 'float32le';
  readonly documents: readonly StoredDocument[];
}

function assertLittleEndian(): void {
  // Float32Array views use host byte order; every platform Node ships for is little-endian.
  if (endianness() !== 'LE') {
    throw new DspyError('NOT_SUPPORTED', 'EmbeddingsRetriever files need a little-endian host.');
  }
}

/**
 * Layout: one line of JSON (the header, documents included), then the vectors as raw float32.
 * Binary vectors keep large indexes small and avoid building a giant JSON string; the first
 * line stays readable with `head -1`.
 */
export function encodeEmbeddingsFile(header: EmbeddingsFileHeader, vectors: Float32Array): Buffer {
  assertLittleEndian();
  const head = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  return Buffer.concat([head, Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength)]);
}

/** Parses and checks an embeddings file; every failure names the file and says how to fix it. */
export function decodeEmbeddingsFile(
  raw: Buffer,
  path: string,
): { header: EmbeddingsFileHeader; vectors: Float32Array } {
  assertLittleEndian();
  const newline = raw.indexOf(0x0a);
  let header: unknown;
  try {
    if (newline < 0) throw new Error('no header line');
    header = JSON.parse(raw.subarray(0, newline).toString('utf8'));
  } catch (err) {
    throw invalidFile(
      path,
      'Embeddings index',
      'has no readable header (corrupt, truncated, or not an embeddings file)',
      EMBEDDINGS_HOW_TO_CREATE,
      err,
    );
  }
  checkHeader(header, EMBEDDINGS_FILE, path, 'Embeddings index', EMBEDDINGS_HOW_TO_CREATE);
  const h = header as EmbeddingsFileHeader;
  const shapeOk =
    typeof h.model === 'string' &&
    Number.isInteger(h.dimensions) &&
    (h.dimensions > 0 || (h.dimensions === 0 && h.count === 0)) &&
    Number.isInteger(h.count) &&
    Number.isInteger(h.k) &&
    Number.isInteger(h.nextAutoId) &&
    h.dtype === 'float32le' &&
    Array.isArray(h.documents) &&
    h.documents.length === h.count &&
    h.documents.every(
      (d) => d !== null && typeof d === 'object' && typeof d.id === 'string' && typeof d.text === 'string',
    );
  if (!shapeOk)
    throw invalidFile(
      path,
      'Embeddings index',
      'has a header with missing or inconsistent fields',
      EMBEDDINGS_HOW_TO_CREATE,
    );
  const body = raw.subarray(newline + 1);
  const expected = h.count * h.dimensions * 4;
  if (body.byteLength !== expected) {
    throw invalidFile(
      path,
      'Embeddings index',
      `holds ${body.byteLength} bytes of vectors where ${expected} were expected (${h.count} × ${h.dimensions} float32); it is truncated or corrupt`,
      EMBEDDINGS_HOW_TO_CREATE,
    );
  }
  // Copy into a fresh, 4-byte-aligned buffer: the body's offset in the file is arbitrary.
  const vectors = new Float32Array(h.count * h.dimensions);
  new Uint8Array(vectors.buffer).set(body);
  return { header: h, vectors };
}
