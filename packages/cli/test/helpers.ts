import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = join(__dirname, '..', 'bin', 'dspy-ts.js');
export const FIXTURES = join(__dirname, 'fixtures');
// The CLI's LM cache lives here, not in the user's cache folder (every test file starts empty).
const CACHE_DIR = mkdtempSync(join(tmpdir(), 'dspy-ts-cli-cache-'));
process.on('exit', () => rmSync(CACHE_DIR, { recursive: true, force: true }));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI runs from dist/ (as users run it): `npx tsc -b` must have built it. */
export function requireBuilt(): void {
  if (!existsSync(join(__dirname, '..', 'dist', 'src', 'main.js')))
    throw new Error('packages/cli is not built: run `npx tsc -b` before these tests (scripts/test does).');
}

/** Starts `dspy-ts ...args` as a subprocess (CI=1 so progress is plain lines). */
export function startCli(
  args: readonly string[],
  env: Record<string, string> = {},
): ChildProcess & { result: Promise<CliResult>; lines: string[] } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: FIXTURES,
    env: { ...process.env, CI: '1', NODE_OPTIONS: '', DSPY_TS_CACHE_DIR: CACHE_DIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const lines: string[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    lines.push(...d.toString().split('\n').filter(Boolean));
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(child, { result, lines });
}

export function runCli(args: readonly string[], env?: Record<string, string>): Promise<CliResult> {
  return startCli(args, env).result;
}
