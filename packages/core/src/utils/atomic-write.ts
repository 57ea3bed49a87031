import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DspyError } from '../errors/dspy-error';

/**
 * Writes `data` to `path` so readers see the old file or the complete new one, never a partial
 * write: it goes to a temporary file in the same folder (same filesystem, so rename is atomic),
 * is flushed to disk, then renamed over `path`. Missing folders are created.
 *
 * @example
 * await writeFileAtomic('results/eval.json', JSON.stringify(result, null, 2));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const target = resolve(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new DspyError('FILE_INVALID', `Could not write ${target}: ${(error as Error).message}`, { cause: error });
  }
}
