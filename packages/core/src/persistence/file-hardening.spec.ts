import { routeWarnings } from '../testing';
// Issue 14: files left by kill -9, pickles, hostile program files, foreign cache files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskCache } from '../lm/cache/disk-cache';
import { LmCache } from '../lm/cache/lm-cache';
import { Predict } from '../modules/predict';
import { writeFileAtomic } from '../utils/atomic-write';

/** A pid that surely does not run: a child that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describe('program files and caches after crashes and hostile inputs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dspy-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the next save of a path removes the .tmp files of killed saves of it, and keeps those of live processes', async () => {
    const file = join(dir, 'program.json');
    const dead = deadPid();
    const orphans = [`.program.json.${dead}.0a1b2c3d4e5f.tmp`, `.program.json.${dead}.ffffffffffff.tmp`];
    const live = `.program.json.${process.ppid}.abcdefabcdef.tmp`; // our parent runs
    const other = `.other.json.${dead}.0a1b2c3d4e5f.tmp`; // another path's: not this save's business
    for (const f of [...orphans, live, other]) writeFileSync(join(dir, f), 'partial');
    await new Predict('question -> answer').save(file);
    expect(readdirSync(dir).sort()).toEqual([live, other, 'program.json'].sort());
    await writeFileAtomic(join(dir, 'other.json'), '{}');
    expect(readdirSync(dir)).not.toContain(other);
  });

  it('a DSPy pickle file: says it is a pickle and how to re-save it as JSON', async () => {
    const file = join(dir, 'program.pkl');
    // pickle protocol 4: PROTO 4, FRAME, ... (what dspy's save(..., save_program=False) writes for .pkl)
    writeFileSync(file, Buffer.from([0x80, 0x04, 0x95, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7d, 0x94]));
    const err = await new Predict('question -> answer').load(file).catch((e) => e);
    expect(err.code).toBe('FILE_INVALID');
    expect(err.message).toMatch(/is a Python pickle/);
    expect(err.message).toMatch(/program\.save\("program\.json"\)/);
    expect(err.message).not.toMatch(/[\x80-\xff]/);
  });

  it('a binary file that is not JSON: the message has no raw bytes', async () => {
    const file = join(dir, 'junk.json');
    writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x1b, 0x5b]));
    const err = await new Predict('question -> answer').load(file).catch((e) => e);
    expect(err.message).toMatch(/not valid JSON/);
    expect(err.message).not.toMatch(/[\x00-\x08\x1b\x7f-\uffff]/);
  });

  it('refuses a demo value nested 20,000 deep at load, with a clear error', async () => {
    const file = join(dir, 'deep.json');
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    writeFileSync(
      file,
      `{"self":{"demos":[{"question":"q","answer":${deep}}],"signature":{"instructions":"x","fields":[]},"lm":null}}`,
    );
    const program = new Predict('question -> answer');
    const err = await program.load(file).catch((e) => e);
    expect(err.code).toBe('FILE_INVALID');
    expect(err.message).toMatch(/nested more than 100 levels/);
    expect(program.demos).toEqual([]);
  });

  it('refuses more than 10,000 demos in one predictor at load', async () => {
    const file = join(dir, 'many.json');
    const demos = Array.from({ length: 70_000 }, (_, i) => ({ question: `q${i}`, answer: 'a' }));
    writeFileSync(file, JSON.stringify({ self: { demos, signature: { instructions: 'x', fields: [] }, lm: null } }));
    const err = await new Predict('question -> answer').load(file).catch((e) => e);
    expect(err.code).toBe('FILE_INVALID');
    expect(err.message).toMatch(/70000 demos, more than the 10000/);
  });

  it('a cache file with a foreign schema is moved aside like a corrupt one, and caching works again', () => {
    const Database = require('better-sqlite3');
    const foreign = new Database(join(dir, 'cache.sqlite'));
    foreign.exec('CREATE TABLE cache (key TEXT PRIMARY KEY, value BLOB)');
    foreign.prepare('INSERT INTO cache VALUES (?, ?)').run('x', 'y');
    foreign.close();
    const warn = routeWarnings(jest.fn());
    try {
      const disk = new DiskCache({ dir });
      expect(disk.available).toBe(true);
      disk.set('k', 'v');
      expect(new DiskCache({ dir }).get('k')).toBe('v');
      expect(readdirSync(dir).some((f) => f.startsWith('cache.sqlite.corrupt-'))).toBe(true);
      disk.close();
      const cache = new LmCache({ dir });
      expect(cache.disk?.available).toBe(true);
      cache.close();
    } finally {
      warn.mockRestore();
    }
  });
});
