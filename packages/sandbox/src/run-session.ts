import type { JsonValue, SandboxError } from '@dspy-ts/core';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';
import { classifyThrown, FILENAME, type ThrownDescription } from './classify-error';
import type { ResolvedLimits } from './limits';
import type { EngineMemory } from './quickjs-engine';
import type { LogBuffer } from './log-buffer';
import { FORBIDDEN_ERROR_NAME, forbiddenMessage, PRELUDE_SOURCE } from './prelude';

export type Outcome = { ok: true; result: JsonValue | undefined } | { ok: false; error: SandboxError };

/** Time our own bookkeeping (prelude, reading an error) may take once the program's deadline is spent. */
const GRACE_MS = 250;
/** Jobs run per batch between deadline checks, so a promise chain that never ends is still stopped. */
const JOB_BATCH = 256;

/**
 * One program run inside a fresh engine. Synchronous from start to end: the deadline is
 * enforced by QuickJS's interrupt handler, which the engine polls while it executes bytecode.
 * Nothing is disposed at the end: the whole WebAssembly instance is dropped by the caller,
 * which frees everything at once (and cannot fail the way freeing inside a crashed engine can).
 */
export class RunSession {
  private readonly rt: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private deadline = Infinity;
  private interrupted = false;
  private submitted: string | undefined;
  private submittedTooLarge = 0;
  private helpers!: QuickJSHandle;

  constructor(
    engine: QuickJSWASMModule,
    private readonly limits: ResolvedLimits,
    private readonly logs: LogBuffer,
    private readonly memory?: EngineMemory,
  ) {
    this.rt = engine.newRuntime();
    // The instance's memory cap is the real ceiling; this one still refuses any single allocation above it.
    this.rt.setMemoryLimit(limits.memoryLimitBytes);
    this.rt.setMaxStackSize(limits.stackLimitBytes);
    this.rt.setInterruptHandler(() => {
      if (Date.now() <= this.deadline) return false;
      this.interrupted = true;
      return true;
    });
    this.rt.setModuleLoader((name) => {
      const error = new Error(forbiddenMessage(`import('${name}')`));
      error.name = FORBIDDEN_ERROR_NAME;
      return { error };
    });
    this.ctx = this.rt.newContext();
  }

  /** Installs `console`, `SUBMIT`, the traps and the globals. Returns a failure if even that cannot run. */
  prepare(globalsJson: string): Outcome | undefined {
    const { ctx } = this;
    const host = ctx.newObject();
    const log = ctx.newFunction('log', (line) => {
      this.logs.push(ctx.getString(line));
    });
    const submit = ctx.newFunction('submit', (json) => {
      if (ctx.typeof(json) !== 'string') {
        this.submitted = undefined;
        return;
      }
      // Measured before copying out: a 100 MB result must not be copied just to be refused.
      const length = this.lengthOf(json);
      this.submittedTooLarge = length > this.limits.maxResultChars ? length : 0;
      this.submitted = this.submittedTooLarge ? undefined : ctx.getString(json);
    });
    ctx.setProp(host, 'log', log);
    ctx.setProp(host, 'submit', submit);
    this.deadline = Date.now() + GRACE_MS + this.limits.timeoutMs; // large globals take time to parse
    const prelude = ctx.evalCode(PRELUDE_SOURCE, 'prelude.js');
    if (prelude.error) return this.fail(prelude.error, 'run', '');
    const installed = ctx.callFunction(prelude.value, ctx.undefined, host, ctx.newString(globalsJson));
    if (installed.error) return this.fail(installed.error, 'run', '');
    this.helpers = installed.value;
    return undefined;
  }

  execute(code: string): Outcome {
    const { ctx } = this;
    this.deadline = Date.now() + this.limits.timeoutMs;
    this.interrupted = false;
    // Compiling apart tells a syntax error from a `SyntaxError` the program throws at run time (`JSON.parse`).
    const compiled = ctx.evalCode(code, FILENAME, { compileOnly: true });
    if (compiled.error) return this.fail(compiled.error, 'compile', code);
    const evaluated = ctx.evalCode(code, FILENAME);
    if (evaluated.error) return this.fail(evaluated.error, 'run', code);

    const drained = this.drainJobs(code);
    if (drained) return drained;
    let value = evaluated.value;
    const state = ctx.getPromiseState(value);
    if (state.type === 'rejected') return this.fail(state.error, 'run', code);
    if (state.type === 'pending') {
      if (this.interrupted) return this.fail(undefined, 'run', code);
      return {
        ok: false,
        error: {
          kind: 'runtime',
          name: 'PendingPromiseError',
          message:
            'PendingPromiseError: the code returned a promise that never settles (the sandbox has no timers or I/O to resolve it)',
        },
      };
    }
    if (!state.notAPromise) value = state.value;
    return this.readResult(value, code);
  }

  /** Runs queued promise jobs (`.then`, `await`) until none is left or the deadline passes. */
  private drainJobs(code: string): Outcome | undefined {
    while (this.rt.hasPendingJob()) {
      if (Date.now() > this.deadline) {
        this.interrupted = true;
        return this.fail(undefined, 'run', code);
      }
      const ran = this.rt.executePendingJobs(JOB_BATCH);
      if (ran.error) return this.fail(ran.error, 'run', code);
    }
    return undefined;
  }

  /** `SUBMIT(...)` first, then the completion value, then a top-level `result` variable. */
  private readResult(completion: QuickJSHandle, code: string): Outcome {
    if (this.submittedTooLarge) return this.tooLarge(this.submittedTooLarge);
    if (this.submitted !== undefined) return { ok: true, result: JSON.parse(this.submitted) as JsonValue };
    const fromCompletion = this.encode(completion, code);
    if (fromCompletion.ok === false || fromCompletion.result !== undefined) return fromCompletion;
    // A global `let`/`const` lives in the realm's lexical scope, which a second script can read.
    const variable = this.ctx.evalCode('typeof result === "undefined" ? undefined : result', 'read-result.js');
    if (variable.error) return this.fail(variable.error, 'run', code);
    return this.encode(variable.value, code);
  }

  private encode(value: QuickJSHandle, code: string): Outcome {
    const encode = this.ctx.getProp(this.helpers, 'encode');
    const encoded = this.ctx.callFunction(encode, this.ctx.undefined, value);
    if (encoded.error) {
      const failed = this.fail(encoded.error, 'run', code);
      if (failed.ok || failed.error.kind !== 'runtime') return failed;
      return {
        ok: false,
        error: { ...failed.error, message: `The result is not JSON-serialisable: ${failed.error.message}` },
      };
    }
    if (this.ctx.typeof(encoded.value) !== 'string') return { ok: true, result: undefined };
    const length = this.lengthOf(encoded.value);
    if (length > this.limits.maxResultChars) return this.tooLarge(length);
    return { ok: true, result: JSON.parse(this.ctx.getString(encoded.value)) as JsonValue };
  }

  /** A string's length read inside the engine (no copy). */
  private lengthOf(str: QuickJSHandle): number {
    const length = this.ctx.getProp(str, 'length');
    return this.ctx.typeof(length) === 'number' ? this.ctx.getNumber(length) : Infinity;
  }

  private tooLarge(chars: number): Outcome {
    return {
      ok: false,
      error: {
        kind: 'runtime',
        name: 'ResultTooLargeError',
        message: `ResultTooLargeError: the result is ${chars} characters of JSON, more than the limit of ${this.limits.maxResultChars}`,
      },
    };
  }

  /** Classifies what was thrown (`undefined`: the deadline passed between jobs). */
  private fail(thrown: QuickJSHandle | undefined, phase: 'compile' | 'run', code: string): Outcome {
    const interrupted = this.interrupted;
    const description =
      thrown === undefined ? { name: 'InternalError', message: 'interrupted', stack: '' } : this.describe(thrown);
    const memoryExhausted =
      this.memory !== undefined && this.memory.buffer.byteLength >= this.limits.memoryLimitBytes * 0.9;
    return {
      ok: false,
      error: classifyThrown(description, { interrupted, phase, limits: this.limits, code, memoryExhausted }),
    };
  }

  /** Reads name/message/stack inside the sandbox, with a fresh short deadline: the program's may be spent. */
  private describe(thrown: QuickJSHandle): ThrownDescription {
    this.deadline = Date.now() + GRACE_MS;
    const unreadable = { name: 'Error', message: 'an error that could not be read', stack: '' };
    if (!this.helpers) return this.describeRaw(thrown) ?? unreadable;
    const describe = this.ctx.getProp(this.helpers, 'describe');
    const described = this.ctx.callFunction(describe, this.ctx.undefined, thrown);
    if (described.error) return unreadable;
    const [name, message, stack] = [0, 1, 2].map((i) => this.stringAt(described.value, i));
    return name !== undefined && message !== undefined ? { name, message, stack: stack ?? '' } : unreadable;
  }

  /** Before the prelude has run there is no `describe`; the engine's own errors are plain objects. */
  private describeRaw(thrown: QuickJSHandle): ThrownDescription | undefined {
    const message = this.stringAt(thrown, 'message');
    return message
      ? { name: this.stringAt(thrown, 'name') || 'Error', message, stack: this.stringAt(thrown, 'stack') ?? '' }
      : undefined;
  }

  /** A string property, read without running conversions (a non-string is `undefined`). */
  private stringAt(handle: QuickJSHandle, key: string | number): string | undefined {
    const prop = this.ctx.getProp(handle, key);
    return this.ctx.typeof(prop) === 'string' ? this.ctx.getString(prop) : undefined;
  }
}
