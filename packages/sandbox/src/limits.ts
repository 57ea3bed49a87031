import { DspyError, type JsonValue } from '@dspy-ts/core';
import { ENGINE_MAX_MEMORY_BYTES, ENGINE_MIN_MEMORY_BYTES } from './quickjs-engine';

/**
 * Defaults of a `JsSandbox`. Model-written programs for a question finish in milliseconds, so
 * the limits are tight enough that a runaway program costs little. A run blocks the event
 * loop for up to `timeoutMs`, so keep it short in a server.
 *
 * @example
 * new JsSandbox({ timeoutMs: 1000, memoryLimitBytes: 32 * 1024 * 1024 });
 */
export interface JsSandboxOptions {
  /** Wall-clock budget of one run. Default 5000 ms. */
  readonly timeoutMs?: number;
  /** Ceiling of the engine's whole heap, at least 16 MiB (its initial size). Default 64 MiB. */
  readonly memoryLimitBytes?: number;
  /**
   * Stack for the program; bounds recursion depth (256 KiB ≈ 1,300 frames). Default 256 KiB,
   * at most 4 MiB (the engine's own stack is 5 MiB). Past about 400 KiB Node's stack can run
   * out first; that is caught and reported as a `stack` failure all the same.
   */
  readonly stackLimitBytes?: number;
  /** Characters of `console` output kept per run; the rest is dropped with a marker. Default 20,000. */
  readonly maxLogChars?: number;
  /** Longest result, as JSON text; a bigger one fails the run. Default 1,000,000. */
  readonly maxResultChars?: number;
  /** Characters of an error message (and of its stack) kept; the rest is cut with a marker. Default 2,000. */
  readonly maxErrorChars?: number;
}

export interface ResolvedLimits {
  readonly timeoutMs: number;
  readonly memoryLimitBytes: number;
  readonly stackLimitBytes: number;
  readonly maxLogChars: number;
  readonly maxResultChars: number;
  readonly maxErrorChars: number;
}

/**
 * The limits a `JsSandbox` applies when neither it nor the run sets one.
 *
 * @example
 * new JsSandbox({ timeoutMs: DEFAULT_LIMITS.timeoutMs * 2 });
 */
export const DEFAULT_LIMITS: ResolvedLimits = Object.freeze({
  timeoutMs: 5_000,
  memoryLimitBytes: 64 * 1024 * 1024,
  stackLimitBytes: 256 * 1024,
  maxLogChars: 20_000,
  maxResultChars: 1_000_000,
  maxErrorChars: 2_000,
});

// QuickJS measures its stack against the WebAssembly build's 5 MiB one; a limit near that
// size makes every stack check fail (even the parser's), so stay well inside it.
const MAX_STACK_BYTES = 4 * 1024 * 1024;

function check(name: string, value: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new DspyError(
      'CONFIG_INVALID',
      `JsSandbox: \`${name}\` must be a number from ${min} to ${max}; got ${String(value)}.`,
    );
  }
  return value;
}

/** Merges per-run options over the sandbox's defaults and checks every limit. */
export function resolveLimits(base: JsSandboxOptions, run: JsSandboxOptions = {}): ResolvedLimits {
  const pick = <K extends keyof ResolvedLimits>(k: K): number => run[k] ?? base[k] ?? DEFAULT_LIMITS[k];
  return {
    timeoutMs: check('timeoutMs', pick('timeoutMs'), 1, 600_000),
    memoryLimitBytes: check(
      'memoryLimitBytes',
      pick('memoryLimitBytes'),
      ENGINE_MIN_MEMORY_BYTES,
      ENGINE_MAX_MEMORY_BYTES,
    ),
    stackLimitBytes: check('stackLimitBytes', pick('stackLimitBytes'), 16 * 1024, MAX_STACK_BYTES),
    maxLogChars: check('maxLogChars', pick('maxLogChars'), 0, 100_000_000),
    maxResultChars: check('maxResultChars', pick('maxResultChars'), 1, 1_000_000_000),
    maxErrorChars: check('maxErrorChars', pick('maxErrorChars'), 100, 10_000_000),
  };
}

/** The caller's globals as one JSON text, the only form in which they enter the sandbox. */
export function encodeGlobals(globals: Readonly<Record<string, JsonValue>> | undefined): string {
  if (globals === undefined) return '{}';
  if (typeof globals !== 'object' || globals === null || Array.isArray(globals)) {
    throw new DspyError(
      'CONFIG_INVALID',
      'JsSandbox: `globals` must be an object of JSON values keyed by variable name.',
    );
  }
  try {
    return JSON.stringify(globals);
  } catch (err) {
    throw new DspyError(
      'CONFIG_INVALID',
      `JsSandbox: \`globals\` must be JSON-serialisable (${(err as Error).message}).`,
      { cause: err },
    );
  }
}
