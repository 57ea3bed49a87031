// Entry point of a sandbox worker thread. It loads only the engine and the run logic (no
// @dspy-ts/core at run time), runs one program per message, and reports back. The host kills the
// whole thread when a run overshoots its deadline, which QuickJS alone cannot guarantee (one long
// builtin call, such as sorting a huge array, is never interrupted).
import { parentPort } from 'node:worker_threads';
import { classifyHostFailure } from './classify-error';
import type { ResolvedLimits } from './limits';
import { LogBuffer } from './log-buffer';
import { newEngine } from './quickjs-engine';
import { type Outcome, RunSession } from './run-session';

/** One program to run. */
export interface WorkerJob {
  readonly id: number;
  readonly code: string;
  readonly globalsJson: string;
  readonly limits: ResolvedLimits;
}

/** `started`: the program itself begins now (the host arms its hard deadline); `done`: the outcome. */
export type WorkerReply =
  | { readonly id: number; readonly type: 'started' }
  | {
      readonly id: number;
      readonly type: 'done';
      readonly outcome: Outcome;
      readonly logs: string[];
      readonly execMs: number;
    };

const port = parentPort;
if (port) {
  port.on('message', (job: WorkerJob) => {
    void runJob(job).then((reply) => port.postMessage(reply));
  });
}

async function runJob(job: WorkerJob): Promise<WorkerReply> {
  const logs = new LogBuffer(job.limits.maxLogChars);
  let outcome: Outcome;
  let execMs = 0;
  try {
    const engine = await newEngine(job.limits.memoryLimitBytes);
    const session = new RunSession(engine.module, job.limits, logs, engine.memory);
    const failed = session.prepare(job.globalsJson);
    if (failed) outcome = failed;
    else {
      port!.postMessage({ id: job.id, type: 'started' } satisfies WorkerReply);
      const started = performance.now();
      outcome = session.execute(job.code);
      execMs = performance.now() - started;
    }
  } catch (err) {
    outcome = { ok: false, error: classifyHostFailure(err, job.limits) };
  }
  return { id: job.id, type: 'done', outcome, logs: logs.lines, execMs };
}
