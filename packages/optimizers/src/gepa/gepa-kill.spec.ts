import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from '../../test/helpers/kill-child';

// Runs GEPA in a child process (built package, as a user would) and kills it with SIGKILL at
// several moments; each rerun with the same checkpoint resumes. The final result must equal an
// uninterrupted run's, and no finished trial may run twice (only one in flight per kill).
const child = join(__dirname, '../../test/fixtures/gepa-child.js');

const run = (path: string | undefined, killAfterMs?: number) => runChild(child, path ? [path] : [], killAfterMs);

it('GEPA survives kill -9 at arbitrary moments: the rerun finishes as an uninterrupted run, redoing no finished trial', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gepa-kill-'));
  try {
    const reference = await run(undefined);
    const result = (lines: string[]) => lines.find((l) => l.startsWith('result '));
    const expected = result(reference.lines);
    expect(expected).toBeDefined();
    const total = JSON.parse(expected!.slice(7)).trials as number;
    const path = join(dir, 'gepa.json');
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
    expect(fresh).toBeLessThanOrEqual(total + kills); // at most the trial in flight is redone per kill
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
