/**
 * The contract between modules that run model-written code (`ProgramOfThought`) and the
 * sandboxes that run it. Core holds only this interface, so it never depends on an engine;
 * `@dspy-ts/sandbox` provides `JsSandbox` (QuickJS compiled to WebAssembly).
 */

/**
 * A value that survives `JSON.stringify` → `JSON.parse` unchanged.
 *
 * @example
 * const globals: Record<string, JsonValue> = { numbers: [3, 1, 2], unit: 'cm' };
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Why a run failed:
 * - `syntax`: the code does not parse;
 * - `runtime`: an uncaught exception (including a result that is not JSON-serialisable);
 * - `forbidden`: the code reached for something a sandbox does not have (`require`, `process`,
 *   `fetch`, `import`...);
 * - `timeout`: it ran past `timeoutMs`;
 * - `memory`: it needed more than `memoryLimitBytes`;
 * - `stack`: it recursed past `stackLimitBytes`;
 * - `internal`: the sandbox itself failed (not the program's fault).
 */
export type SandboxErrorKind = 'syntax' | 'runtime' | 'forbidden' | 'timeout' | 'memory' | 'stack' | 'internal';

/**
 * A failed run, described for people and for the model that wrote the code.
 *
 * @example
 * { kind: 'runtime', name: 'ReferenceError', message: "ReferenceError: 'x' is not defined (line 3)", line: 3 }
 */
export interface SandboxError {
  readonly kind: SandboxErrorKind;
  /** The error's class inside the sandbox (`TypeError`, `SyntaxError`...), or the limit's name. */
  readonly name: string;
  /** One line, ready to show a model: `ReferenceError: x is not defined (line 3)`. */
  readonly message: string;
  /** 1-based line in the submitted code, when known. */
  readonly line?: number;
  readonly stack?: string;
}

/**
 * Limits and inputs of one run; a sandbox supplies defaults for what is left out.
 *
 * @example
 * await sandbox.run('SUBMIT(prices.reduce((a, b) => a + b, 0))', { timeoutMs: 500, globals: { prices: [3, 4] } });
 */
export interface SandboxRunOptions {
  /** Wall-clock budget of the run, in milliseconds. */
  readonly timeoutMs?: number;
  /** The most memory the program's heap may take, in bytes. */
  readonly memoryLimitBytes?: number;
  /** The most stack the program may use, in bytes (bounds recursion depth). */
  readonly stackLimitBytes?: number;
  /** Global variables the code can read, passed as JSON copies (nothing of the host is shared). */
  readonly globals?: Readonly<Record<string, JsonValue>>;
  /** A run that has not started when this aborts is not started. */
  readonly signal?: AbortSignal;
}

interface RunOutcome {
  /** What `console.log` and friends printed, one entry per call, in order (may be truncated). */
  readonly logs: readonly string[];
  readonly durationMs: number;
}

/** A run that finished; `result` is `undefined` when the code produced no value. */
export interface SandboxSuccess extends RunOutcome {
  readonly ok: true;
  readonly result: JsonValue | undefined;
}

export interface SandboxFailure extends RunOutcome {
  readonly ok: false;
  readonly error: SandboxError;
}

/**
 * What a run returns; failures are values, never thrown.
 *
 * @example
 * const run: SandboxResult = await sandbox.run(code);
 * const text = run.ok ? JSON.stringify(run.result) : run.error.message;
 */
export type SandboxResult = SandboxSuccess | SandboxFailure;

/**
 * Runs untrusted code with no access to the host: no file system, network, process or host
 * objects, within time and memory limits. Every run starts from a fresh state; nothing leaks
 * between runs, so one instance can serve concurrent calls.
 *
 * The code hands back its answer, in this order of precedence:
 * 1. the last value passed to the preloaded `SUBMIT(value)`;
 * 2. the value of the last expression statement (`a + b` at the end);
 * 3. a top-level variable named `result` (`const result = ...`).
 * `console.log` output is captured in `logs`. Failures are returned, never thrown.
 *
 * @example
 * const run = await sandbox.run('const x = [3, 1, 2].sort(); SUBMIT({ answer: x[0] })', { timeoutMs: 1000 });
 * if (run.ok) run.result; // { answer: 1 }
 * else run.error.kind;    // 'syntax' | 'runtime' | 'forbidden' | 'timeout' | 'memory' | 'stack' | 'internal'
 */
export interface Sandbox {
  /** The language the sandbox runs, as a model should be told (`'JavaScript'`). */
  readonly language: string;
  run(code: string, options?: SandboxRunOptions): Promise<SandboxResult>;
}

/**
 * True for an object that implements `Sandbox` (checked by shape, so any copy of core works).
 *
 * @example
 * if (!isSandbox(options.sandbox)) throw new Error('pass a sandbox, e.g. new JsSandbox()');
 */
export function isSandbox(value: unknown): value is Sandbox {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Sandbox).run === 'function' &&
    typeof (value as Sandbox).language === 'string'
  );
}
