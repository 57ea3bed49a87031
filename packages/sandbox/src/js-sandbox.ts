import { DspyError, type Sandbox, type SandboxResult, type SandboxRunOptions } from '@dspy-ts/core';
import { encodeGlobals, type JsSandboxOptions, resolveLimits } from './limits';
import { WorkerPool } from './worker-pool';

/** One pool per process: workers hold no state between runs, so every sandbox can share them. */
let sharedPool: WorkerPool | undefined;

/**
 * Per-run options: the `Sandbox` ones plus this sandbox's output budgets.
 *
 * @example
 * await sandbox.run(code, { timeoutMs: 200, maxLogChars: 2_000 });
 */
export type JsSandboxRunOptions = SandboxRunOptions &
  Pick<JsSandboxOptions, 'maxLogChars' | 'maxResultChars' | 'maxErrorChars'>;

/**
 * Runs JavaScript in QuickJS compiled to WebAssembly. The program sees the ECMAScript
 * builtins, `console` (captured into `logs`), `SUBMIT(value)` and the `globals` it is given,
 * as JSON copies, and nothing else: no `require`, `import`, `process`, `fetch`, timers, file
 * system or network (touching `require`, `process`, `fetch`... fails the run as `forbidden`).
 *
 * Each run gets a new engine instance with its own memory, so nothing leaks between runs and
 * one sandbox can serve concurrent calls. Limits: `timeoutMs`, `memoryLimitBytes` (a hard
 * ceiling on the instance's memory), `stackLimitBytes` (recursion depth), and caps on console
 * output, result and error size. Top-level `await` is not supported (the code runs as a script);
 * an async function's promise, returned as the last expression, is awaited.
 *
 * Programs run in worker threads (a small shared pool), never on the caller's thread, so a run
 * does not block the event loop. QuickJS interrupts ordinary loops at `timeoutMs`; what it cannot
 * interrupt (one long builtin call such as sorting a huge array) is stopped by terminating the
 * worker `KILL_MARGIN_MS` (100 ms) later, and reported as a timeout. An aborted `signal` stops a
 * run under way (`EXECUTION_CANCELLED`).
 *
 * The answer is the last value passed to `SUBMIT(value)`, else the value of the last expression
 * statement, else a top-level variable named `result`; it must be JSON-serialisable.
 *
 * @example
 * const sandbox = new JsSandbox({ timeoutMs: 1000 });
 * const ok = await sandbox.run('const xs = [3, 1, 2]; console.log(xs.length); SUBMIT(Math.max(...xs))');
 * // { ok: true, result: 3, logs: ['3'], durationMs: 4 }
 * const stopped = await sandbox.run('while (true) {}', { timeoutMs: 100 });
 * // { ok: false, error: { kind: 'timeout', name: 'TimeoutError', message: 'TimeoutError: ...' }, logs: [], ... }
 */
export class JsSandbox implements Sandbox {
  readonly language = 'JavaScript';
  private readonly defaults: JsSandboxOptions;

  constructor(defaults: JsSandboxOptions = {}) {
    resolveLimits(defaults); // reject bad limits when the sandbox is built, not at its first run
    this.defaults = { ...defaults };
  }

  async run(code: string, options: JsSandboxRunOptions = {}): Promise<SandboxResult> {
    if (typeof code !== 'string')
      throw new DspyError('INPUT_INVALID', `JsSandbox.run: the code must be a string; got ${typeof code}.`);
    const limits = resolveLimits(this.defaults, options);
    const globalsJson = encodeGlobals(options.globals);
    if (options.signal?.aborted)
      throw new DspyError('EXECUTION_CANCELLED', 'JsSandbox.run: aborted before the code started.', {
        cause: options.signal.reason,
      });

    const started = performance.now();
    sharedPool ??= new WorkerPool();
    const { outcome, logs } = await sharedPool.run(code, globalsJson, limits, options.signal);
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    return { ...outcome, logs, durationMs };
  }
}
