import type { SandboxError, SandboxErrorKind } from '@dspy-ts/core';
import { FORBIDDEN_ERROR_NAME, forbiddenMessage } from './prelude';

/** What the prelude's `describe` reports about a thrown value. */
export interface ThrownDescription {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

/** The limits in force, to explain a stop in the model's terms. */
export interface LimitsInForce {
  readonly timeoutMs: number;
  readonly memoryLimitBytes: number;
  readonly stackLimitBytes: number;
  /** Longest error message (and stack) kept; the model reads it in its next prompt. */
  readonly maxErrorChars?: number;
}

/** The limits a run can be stopped by. */
export type SandboxFailureKind = 'timeout' | 'memory' | 'stack';

/** `text` cut to `max` characters, saying how long it was (console output is capped the same way). */
export function capText(text: string, max: number | undefined): string {
  if (max === undefined || text.length <= max) return text;
  return `${text.slice(0, max)}… [truncated: ${text.length} characters in all]`;
}

/**
 * What an engine that ran out of memory throws when it cannot even build the error: `null`, or
 * a value of an internal type. Only a memory ceiling explains it, so with the engine's memory
 * at its limit it is reported as a memory stop rather than as "uncaught null".
 */
const UNREADABLE_THROWN = /^(uncaught (null|\[unsupported type\])|an error that could not be read)$/;

export const FILENAME = 'program.js';

const LINE = new RegExp(`${FILENAME.replace('.', '\\.')}:(\\d+)`);

function lineOf(stack: string): number | undefined {
  const m = LINE.exec(stack);
  return m ? Number(m[1]) : undefined;
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

/** The stack without the prelude's frames (`console`, `SUBMIT`, the traps): they are ours, not the program's. */
function userFrames(stack: string): string | undefined {
  const kept = stack
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.includes('prelude.js'))
    .join('\n');
  return kept === '' ? undefined : kept;
}

/** A static `import x from 'y'` is a syntax error in a script; it is still an attempt to load a module. */
const STATIC_IMPORT = /^\s*import(?:\s+[\w$*{]|\s*[{*"'])/m;

/** Limit stops are rewritten into messages a small model can act on. */
export function limitError(kind: SandboxFailureKind, limits: LimitsInForce, line?: number): SandboxError {
  const at = line ? ` (line ${line})` : '';
  if (kind === 'timeout') {
    // No line: QuickJS reports where the interrupted function started, not where it looped.
    return {
      kind,
      name: 'TimeoutError',
      message: `TimeoutError: the code ran longer than ${limits.timeoutMs} ms and was stopped; look for an infinite loop or compute less`,
    };
  }
  if (kind === 'memory') {
    return {
      kind,
      name: 'MemoryError',
      message: `MemoryError: the code needed more than ${mib(limits.memoryLimitBytes)} of memory and was stopped${at}; build smaller values`,
      line,
    };
  }
  return {
    kind,
    name: 'StackOverflowError',
    message: `StackOverflowError: recursion went too deep (stack limit ${Math.round(limits.stackLimitBytes / 1024)} KiB) and was stopped${at}; use a loop instead`,
    line,
  };
}

/**
 * Turns what was thrown into a `SandboxError`. `interrupted` says whether the deadline fired,
 * which is how a timeout is told apart from user code throwing an "interrupted" error itself.
 */
export function classifyThrown(
  thrown: ThrownDescription,
  opts: {
    interrupted: boolean;
    phase: 'compile' | 'run';
    limits: LimitsInForce;
    code: string;
    /** The engine's memory is (nearly) all used. */
    memoryExhausted?: boolean;
  },
): SandboxError {
  const line = lineOf(thrown.stack);
  const max = opts.limits.maxErrorChars;
  const name = capText(thrown.name, 200);
  const message = capText(thrown.message, max);
  const frames = userFrames(thrown.stack);
  const stack = frames === undefined ? undefined : capText(frames, max);
  if (opts.memoryExhausted && UNREADABLE_THROWN.test(thrown.message)) return limitError('memory', opts.limits, line);
  if (opts.phase === 'compile' && name === 'SyntaxError') {
    if (STATIC_IMPORT.test(opts.code)) {
      return {
        kind: 'forbidden',
        name: FORBIDDEN_ERROR_NAME,
        message: `${FORBIDDEN_ERROR_NAME}: ${forbiddenMessage('`import`')}`,
        line,
      };
    }
    return { kind: 'syntax', name, message: `${name}: ${message}${line ? ` (line ${line})` : ''}`, line, stack };
  }
  if (opts.interrupted && name === 'InternalError' && message === 'interrupted')
    return limitError('timeout', opts.limits, line);
  if (name === 'InternalError' && message === 'out of memory') return limitError('memory', opts.limits, line);
  if (name === 'InternalError' && message === 'stack overflow') return limitError('stack', opts.limits, line);
  if (name === FORBIDDEN_ERROR_NAME)
    return { kind: 'forbidden', name, message: `${name}: ${message}${line ? ` (line ${line})` : ''}`, line, stack };
  return { kind: 'runtime', name, message: `${name}: ${message}${line ? ` (line ${line})` : ''}`, line, stack };
}

/** An exception raised by the engine on the host side (not inside the program). */
export function classifyHostFailure(err: unknown, limits: LimitsInForce): SandboxError {
  // Recursion can exhaust Node's own stack inside WebAssembly before QuickJS's check fires.
  // Checked by name: under jest the engine's errors come from another realm than `RangeError`.
  const e = err as { name?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (e?.name === 'RangeError' && /call stack/i.test(message)) return limitError('stack', limits);
  return { kind: 'internal', name: 'SandboxError', message: `SandboxError: the sandbox failed (${message})` };
}
