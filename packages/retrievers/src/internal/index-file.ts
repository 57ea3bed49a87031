import { DspyError } from '@dspy-ts/core';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** The header every index file starts with, so a wrong or future file fails with a clear message. */
export interface FileHeader {
  readonly format: string;
  readonly version: number;
}

/**
 * Reads an index file, turning "missing" and "unreadable" into errors that name the file and
 * say how to produce one.
 */
export async function readIndexFile(path: string, what: string, howToCreate: string): Promise<Buffer> {
  const file = resolve(path);
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a folder'
          : `cannot be read (${code ?? String(err)})`;
    throw new DspyError('FILE_INVALID', `${what} file ${file} ${reason}. ${howToCreate}`, {
      cause: err,
      details: { file },
    });
  }
}

/** Builds the error for a file that exists but is not what we expect. */
export function invalidFile(
  path: string,
  what: string,
  problem: string,
  howToCreate: string,
  cause?: unknown,
): DspyError {
  const file = resolve(path);
  return new DspyError('FILE_INVALID', `${what} file ${file} ${problem}. ${howToCreate}`, { cause, details: { file } });
}

/** Checks `format`/`version` of a parsed header; anything else means corrupt or incompatible. */
export function checkHeader(
  header: unknown,
  expected: FileHeader,
  path: string,
  what: string,
  howToCreate: string,
): void {
  const h = header as Partial<FileHeader> | null;
  if (h === null || typeof h !== 'object' || h.format !== expected.format) {
    throw invalidFile(
      path,
      what,
      `is not a ${expected.format} file (corrupt, or a different kind of file)`,
      howToCreate,
    );
  }
  if (h.version !== expected.version) {
    throw invalidFile(
      path,
      what,
      `has format version ${String(h.version)}, but this version of @dspy-ts/retrievers reads version ${expected.version}`,
      `Rebuild the index from your documents and save it again. ${howToCreate}`,
    );
  }
}
