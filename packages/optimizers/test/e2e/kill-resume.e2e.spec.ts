import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// kill -9 at several moments of a MIPROv2 / COPRO run with a checkpoint: every rerun resumes,
// the file always parses, and the final program equals an uninterrupted run's.
const child = join(__dirname, '../fixtures/mipro-kill-child.js');
let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'kill-resume-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

// Kills follow the run's own progress (after its k-th fresh trial), not the clock: a fixed delay
// either kills before the first trial on a slow machine or after the end on a fast one.
function run(which: string, checkpoint: string, killAfterFresh?: number): Promise<string> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [child, which, checkpoint], {
      cwd: __dirname,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterFresh !== undefined && [...out.matchAll(/fresh/g)].length >= killAfterFresh) proc.kill('SIGKILL');
    });
    proc.on('exit', () => resolve(out));
  });
}

describe.each(['mipro', 'copro'])('kill -9 and resume (%s)', (which) => {
  it('finishes with the same result as an uninterrupted run and redoes no persisted trial', async () => {
    const reference = /result (.*)/.exec(await run(which, '-'))![1];
    const checkpoint = join(dir, 'run.json');
    let fresh = 0;
    let kills = 0;
    for (const k of [1, 2, 1, 3]) {
      const out = await run(which, checkpoint, k);
      fresh += [...out.matchAll(/fresh/g)].length;
      if (!out.includes('result ')) kills++;
      await readFile(checkpoint, 'utf8').then(
        (t) => JSON.parse(t),
        () => undefined,
      ); // never torn
    }
    const last = await run(which, checkpoint);
    fresh += [...last.matchAll(/fresh/g)].length;
    const final = JSON.parse(/result (.*)/.exec(last)![1]!);
    expect(final).toEqual(JSON.parse(reference!));
    expect(kills).toBeGreaterThan(0);
    expect(fresh).toBeLessThanOrEqual(final.trials); // a trial is reported only once it is persisted, so none ran twice
  }, 120_000);
});
