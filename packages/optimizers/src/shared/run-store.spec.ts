import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DspyError } from '@dspy-ts/core';
import { RunStore } from './run-store';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'run-store-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('RunStore', () => {
  it('memoizes steps, persists them and reads them back on a rerun', async () => {
    const path = join(dir, 'run.json');
    const first = await RunStore.open({ path, optimizer: 'X', fingerprint: 'a' });
    let calls = 0;
    const v = await first.step('a', async () => (calls++, { n: 1, skip: undefined }));
    expect(v).toEqual({ n: 1 }); // JSON copy, as a resumed run would see it
    await first.step('a', async () => (calls++, { n: 2 }));
    expect(calls).toBe(1);
    const again = await RunStore.open({ path, optimizer: 'X', fingerprint: 'a' });
    expect(await again.step('a', async () => ({ n: 3 }))).toEqual({ n: 1 });
    expect([...again.resumed]).toEqual(['a']);
  });

  it('coalesces concurrent writes and keeps every step', async () => {
    const path = join(dir, 'run.json');
    const store = await RunStore.open({ path, optimizer: 'X', fingerprint: 'a' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.step(`k${i}`, async () => i)));
    expect(Object.keys(JSON.parse(await readFile(path, 'utf8')).steps)).toHaveLength(20);
  });

  it('refuses a foreign, corrupt or mismatched file with a clear error', async () => {
    const path = join(dir, 'run.json');
    await writeFile(path, '{"version": 2, "optimizer": "X", "fing');
    await expect(RunStore.open({ path, optimizer: 'X', fingerprint: 'a' })).rejects.toThrow(
      /not valid JSON.*Delete it/,
    );
    await writeFile(path, JSON.stringify({ version: 2, optimizer: 'Y', fingerprint: 'a', steps: {} }));
    await expect(RunStore.open({ path, optimizer: 'X', fingerprint: 'a' })).rejects.toThrow(/not written by X/);
    await writeFile(path, JSON.stringify({ version: 2, optimizer: 'X', fingerprint: 'b', steps: {} }));
    const error = await RunStore.open({ path, optimizer: 'X', fingerprint: 'a' }).catch((e: unknown) => e);
    expect(DspyError.is(error, 'CONFIG_INVALID')).toBe(true);
  });

  it('survives kill -9 at arbitrary moments: the file always parses and the rerun redoes no stored step', async () => {
    const path = join(dir, 'run.json');
    const child = join(__dirname, '../../test/fixtures/run-store-child.js');
    const run = (killAfterMs?: number) =>
      new Promise<string>((resolve) => {
        const proc = spawn(process.execPath, [child, path], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
        const timer = killAfterMs === undefined ? undefined : setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
        proc.on('exit', () => (clearTimeout(timer), resolve(out)));
      });
    let computed = 0;
    for (const ms of [120, 170, 90, 200]) {
      const stored = await readFile(path, 'utf8').then(
        (t) => Object.keys(JSON.parse(t).steps),
        () => [] as string[],
      );
      const out = await run(ms);
      const redone = [...out.matchAll(/computed (\d+)/g)].map((m) => `s/${m[1]}`);
      expect(redone.filter((k) => stored.includes(k))).toEqual([]);
      computed += redone.length;
      JSON.parse(await readFile(path, 'utf8').catch(() => '{}')); // never a torn file
    }
    const out = await run();
    expect(out).toMatch(/done 20540\n$/); // sum of i² for i < 40, as an uninterrupted run
    computed += [...out.matchAll(/computed/g)].length;
    expect(computed).toBeLessThanOrEqual(40 + 4); // at most the one in-flight step per kill is redone
  }, 60_000);
});
