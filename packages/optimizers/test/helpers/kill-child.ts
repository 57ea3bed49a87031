import { spawn } from 'node:child_process';

/**
 * Runs the fixture script `child` (with `args`) in a fresh Node process, killing it with SIGKILL
 * after `killAfterMs` when given; resolves with its non-empty stdout lines and whether it was killed.
 */
export function runChild(
  child: string,
  args: readonly string[],
  killAfterMs?: number,
): Promise<{ lines: string[]; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ lines: out.split('\n').filter(Boolean), killed: signal === 'SIGKILL' });
    });
  });
}
