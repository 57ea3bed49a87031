import { routeWarnings } from '../../testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LmResponse } from '../language-model';
import { LmCache } from './lm-cache';

const run = promisify(execFile);
const response = (text: string): LmResponse => ({
  model: 'ollama/x',
  outputs: [{ text }],
  usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 },
});

describe('LmCache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lm-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('misses, then hits from memory with the stored response frozen', () => {
    const cache = new LmCache({ dir });
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', { ...response('a'), cacheHit: true });
    const hit = cache.get('k')!;
    expect(hit).toEqual(response('a'));
    expect(Object.isFrozen(hit.outputs[0])).toBe(true);
    cache.close();
  });

  it('survives a restart: a new instance on the same folder reads the entry from disk', () => {
    const first = new LmCache({ dir });
    first.set('k', response('persisted'));
    first.close();
    const second = new LmCache({ dir });
    expect(second.get('k')?.outputs[0]?.text).toBe('persisted');
    second.close();
  });

  it('treats a corrupt entry as a miss and deletes it', () => {
    const cache = new LmCache({ dir });
    cache.set('bad-json', response('x'));
    cache.set('bad-shape', response('y'));
    cache.clearMemory();
    const Database = require('better-sqlite3');
    const db = new Database(join(dir, 'cache.sqlite'));
    db.prepare('UPDATE cache SET v = ? WHERE k = ?').run('{not json', 'bad-json');
    db.prepare('UPDATE cache SET v = ? WHERE k = ?').run('{"outputs":"nope"}', 'bad-shape');
    db.close();
    expect(cache.get('bad-json')).toBeUndefined();
    expect(cache.get('bad-shape')).toBeUndefined();
    expect(cache.disk!.get('bad-json')).toBeUndefined();
    expect(cache.disk!.size()).toBe(0);
    cache.set('bad-json', response('repaired'));
    cache.clearMemory();
    expect(cache.get('bad-json')?.outputs[0]?.text).toBe('repaired');
    cache.close();
  });

  it('moves a corrupt database file aside, warns once, and starts a new one', () => {
    writeFileSync(
      join(dir, 'cache.sqlite'),
      Buffer.from('this is definitely not an sqlite database, just junk bytes'.repeat(100)),
    );
    const warn = routeWarnings(jest.fn());
    const cache = new LmCache({ dir });
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', response('fresh'));
    cache.clearMemory();
    expect(cache.get('k')?.outputs[0]?.text).toBe('fresh');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/was corrupt .* moved to .*cache\.sqlite\.corrupt-/);
    expect(readdirSync(dir).some((f) => f.startsWith('cache.sqlite.corrupt-'))).toBe(true);
    warn.mockRestore();
    cache.close();
  });

  it('falls back to memory only when the folder cannot be used', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const warn = routeWarnings(jest.fn());
    const cache = new LmCache({ dir: join(file, 'sub') });
    cache.set('k', response('mem'));
    expect(cache.get('k')?.outputs[0]?.text).toBe('mem');
    expect(cache.disk!.available).toBe(false);
    expect(String(warn.mock.calls[0]![0])).toMatch(/cannot be used .* memory only/);
    warn.mockRestore();
  });

  it('works without memory or without disk', () => {
    const diskOnly = new LmCache({ dir, memory: false });
    diskOnly.set('k', response('d'));
    expect(diskOnly.get('k')?.outputs[0]?.text).toBe('d');
    diskOnly.close();
    const memOnly = new LmCache({ disk: false });
    memOnly.set('k', response('m'));
    expect(memOnly.get('k')?.outputs[0]?.text).toBe('m');
    expect(memOnly.disk).toBeUndefined();
  });

  it('evicts least-recently-used entries beyond maxEntries', () => {
    const cache = new LmCache({ disk: false, maxEntries: 2 });
    cache.set('a', response('a'));
    cache.set('b', response('b'));
    cache.get('a');
    cache.set('c', response('c'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
  });

  it('two processes writing at once: no errors, every entry readable afterwards', async () => {
    const fixture = join(__dirname, 'multi-process-writer.fixture.ts');
    const count = 400;
    const spawn = (tag: string) =>
      run(process.execPath, ['-r', 'ts-node/register/transpile-only', fixture, dir, tag, String(count)], {
        cwd: join(__dirname, '../../../../..'),
      });
    const [a, b] = await Promise.all([spawn('a'), spawn('b')]);
    for (const out of [a, b]) expect(JSON.parse(out.stdout)).toEqual({ errors: 0, warnings: [] });
    const cache = new LmCache({ dir, memory: false });
    for (const tag of ['a', 'b'])
      for (let i = 0; i < count; i++) expect(cache.get(`${tag}-${i}`)?.outputs[0]?.text).toBe(`${tag}-${i}`);
    for (let i = 0; i < 50; i++) expect(cache.get(`shared-${i}`)?.outputs[0]?.text).toMatch(/^[ab]-\d+$/);
    expect(cache.disk!.size()).toBe(2 * count + 50);
    cache.close();
  }, 60_000);
});
