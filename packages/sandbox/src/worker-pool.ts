import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DspyError, type SandboxError } from '@dspy-ts/core';
import { onAbort, Semaphore } from '@dspy-ts/core/provider-kit';
import { limitError, type SandboxFailureKind } from './classify-error';
import type { ResolvedLimits } from './limits';
import type { Outcome } from './run-session';
import type { WorkerJob, WorkerReply } from './sandbox-worker';

/**
 * How long past `timeoutMs` a program may hold its worker before the thread is killed. QuickJS's
 * own interrupt stops ordinary loops on time (and the worker is kept); the kill is for what it
 * cannot interrupt: one long builtin call, or copying out a huge value.
 *
 * @example
 * await sandbox.run(code, { timeoutMs: 500 }); // its worker thread is killed by 500 + KILL_MARGIN_MS ms at the latest
 */
export const KILL_MARGIN_MS = 100;
/** Setting up a run (engine, prelude, globals) before the program starts; past this the thread is killed. */
const SETUP_LIMIT_MS = 15_000;
/** V8 heap of one worker: the engine's memory is outside it; this bounds copies of results and logs. */
const WORKER_HEAP_MB = 256;
const IDLE_WORKERS = 2;

/** What one run in a worker gives back. */
export interface WorkerRun {
  readonly outcome: Outcome;
  readonly logs: string[];
}

// Under jest / ts-node the sources are TypeScript: the worker gets a tiny loader compiling them with
// swc (a dev dependency). The published package runs its compiled `.js` directly.
const TS_LOADER = `
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(require('node:worker_threads').workerData.entry);
`;

function internalError(detail: string): SandboxError {
  return { kind: 'internal', name: 'SandboxError', message: `SandboxError: ${detail}` };
}

function spawn(): Worker {
  const entry = join(__dirname, `sandbox-worker${extname(__filename)}`);
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  return entry.endsWith('.ts')
    ? new Worker(TS_LOADER, { eval: true, workerData: { entry }, resourceLimits })
    : new Worker(entry, { resourceLimits });
}

/**
 * Worker threads that run sandboxed programs off the caller's thread, so a program never blocks
 * the event loop, and can always be stopped: at `timeoutMs + KILL_MARGIN_MS` after it starts, its
 * thread is terminated and the run reported as a timeout. A few idle workers are kept (unref'd,
 * so they never keep a process alive); at most `availableParallelism()` run at once.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly slots: Semaphore;
  private nextId = 1;

  constructor(maxWorkers = Math.max(2, availableParallelism())) {
    this.slots = new Semaphore(maxWorkers);
  }

  async run(code: string, globalsJson: string, limits: ResolvedLimits, signal?: AbortSignal): Promise<WorkerRun> {
    const release = await this.slots.acquire(signal);
    try {
      return await this.runOn(this.idle.pop() ?? spawn(), { id: this.nextId++, code, globalsJson, limits }, signal);
    } finally {
      release();
    }
  }

  /** Terminates the idle workers (they hold no state; a later run starts new ones). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  /** Keeps `worker` for a later run, without holding the process open. */
  private park(worker: Worker): void {
    worker.unref();
    this.idle.push(worker);
  }

  private runOn(worker: Worker, job: WorkerJob, signal: AbortSignal | undefined): Promise<WorkerRun> {
    worker.ref();
    return new Promise<WorkerRun>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (keep: boolean, result: WorkerRun | Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        offAbort();
        if (keep && this.idle.length < IDLE_WORKERS) this.park(worker);
        else {
          void worker.terminate();
          // A killed worker is replaced now, so the next run does not wait for a thread to start.
          if (!keep && this.idle.length < IDLE_WORKERS) this.park(spawn());
        }
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const fail = (error: SandboxError) => finish(false, { outcome: { ok: false, error }, logs: [] });
      const kill = (kind: SandboxFailureKind) => fail(limitError(kind, job.limits));
      const onMessage = (reply: WorkerReply) => {
        if (reply.id !== job.id) return;
        if (reply.type === 'started') {
          clearTimeout(timer);
          timer = setTimeout(() => kill('timeout'), job.limits.timeoutMs + KILL_MARGIN_MS);
          return;
        }
        // Finished, but later than allowed (a builtin that ran past the interrupt): still a timeout.
        const late = reply.execMs > job.limits.timeoutMs + KILL_MARGIN_MS;
        const outcome: Outcome = late ? { ok: false, error: limitError('timeout', job.limits) } : reply.outcome;
        finish(true, { outcome, logs: reply.logs });
      };
      // The worker's own heap ran out (a huge value copied out of the engine): reported as memory.
      const onError = (err: Error) =>
        (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? kill('memory')
          : fail(internalError(`the sandbox failed (${err.message})`));
      const onExit = () => fail(internalError('the sandbox worker exited unexpectedly'));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      // A request's signal may be shared by many runs: one fanned-out listener (see onAbort).
      const offAbort = onAbort(signal, () =>
        finish(
          false,
          new DspyError('EXECUTION_CANCELLED', 'JsSandbox.run: aborted by the caller.', { cause: signal?.reason }),
        ),
      );
      timer = setTimeout(() => kill('timeout'), SETUP_LIMIT_MS + job.limits.timeoutMs);
      worker.postMessage(job);
    });
  }
}
