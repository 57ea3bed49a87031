import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DspyError } from '../errors/dspy-error';

/**
 * Writes `data` to `path` so readers see the old file or the complete new one, never a partial
 * write: it goes to a temporary file in the same folder (same filesystem, so rename is atomic),
 * is flushed to disk, then renamed over `path`. Missing folders are created. Temporary files of
 * earlier saves of the same path whose process is gone (killed mid-write) are removed first.
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
    await removeOrphans(dir, basename(target));
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

/**
 * Removes `.<name>.<pid>.<hex>.tmp` files left by saves whose process no longer runs (a
 * `kill -9` between open and rename). Files of live processes, ours included, may be writes in
 * flight and are kept. Best effort: a file another process removes first is not an error.
 */
async function removeOrphans(dir: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const match = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(entry.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isAlive(pid)) continue;
    await rm(join(dir, entry), { force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
