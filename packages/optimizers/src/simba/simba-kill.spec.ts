import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from '../../test/helpers/kill-child';

// SIMBA in a child process (built package), killed with SIGKILL at several moments; each rerun with
// the same checkpoint resumes. The final program must equal an uninterrupted run's, and no finished
// step may run twice (only the one in flight per kill).
const child = join(__dirname, '../../test/fixtures/simba-child.js');

const run = (path: string | undefined, killAfterMs?: number) => runChild(child, path ? [path] : [], killAfterMs);

it('SIMBA survives kill -9 at arbitrary moments: the rerun finishes as an uninterrupted run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'simba-kill-'));
  try {
    const result = (lines: string[]) => lines.find((l) => l.startsWith('result '));
    const expected = result((await run(undefined)).lines);
    expect(expected).toBeDefined();
    const total = JSON.parse(expected!.slice(7)).trials as number;
    const path = join(dir, 'simba.json');
    let fresh = 0;
    let kills = 0;
    let final: string | undefined;
    for (const delay of [150, 300, 450, 650, 900, 1300, 1800, undefined]) {
      const r = await run(path, delay);
      fresh += r.lines.filter((l) => l.startsWith('trial ')).length;
      if (r.killed) kills++;
      final = result(r.lines);
      if (final) break;
    }
    expect(kills).toBeGreaterThan(0);
    expect(final).toBe(expected);
    expect(fresh).toBeLessThanOrEqual(total + kills);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
