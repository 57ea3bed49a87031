import {
  DspyError,
  type EvaluateProgress,
  type EvaluationResult,
  type EvaluationRow,
  type Example,
  type Metric,
  type ProgressSetting,
} from '@dspy-ts/core';
import {
  canonicalJson,
  checkDevset,
  EvaluationProgressBar,
  metricName,
  shouldShowProgress,
  summarizeRows,
  withEvaluationSummary,
  writeFileAtomic,
} from '@dspy-ts/core/provider-kit';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { assertRedisReachable, createRedis, describeConnection, type RedisConnection } from './connection';
import { jobIdOf, sha256Of } from './fingerprint';
import type { EvaluateJobData, LmJobSettings } from './job-data';
import { DEFAULT_QUEUE, STATE_PREFIX } from './queue-options';
import { decodeRow, failedJobRow, type EncodedRow } from './row-codec';

/**
 * Options of `DistributedEvaluate`.
 *
 * @example
 * { connection: 'redis://127.0.0.1:6379', devset, metric: 'exactMatch', progress: false }
 */
export interface DistributedEvaluateOptions<E extends object = any> {
  readonly connection: RedisConnection;
  readonly devset: readonly Example<E>[];
  /** A metric registered on the workers: its name, or the function itself (sent by its `name`). */
  readonly metric: string | Metric<E, any>;
  /** Name the workers registered the program under. Default: the program's class name. */
  readonly programName?: string;
  /** LM settings applied on the worker (`lm.copy(settings)`); model and credentials stay with the worker. */
  readonly lm?: LmJobSettings;
  readonly rolloutId?: string | number;
  /** As `Evaluate`: score of a row whose program or metric threw. Default 0. */
  readonly failureScore?: number;
  /** As `Evaluate`: the run stops once this many rows failed. Default 10. */
  readonly maxErrors?: number;
  /** Attempts per job on LM failures and lost workers (BullMQ `attempts`). Default 3. */
  readonly attempts?: number;
  /** Exponential backoff base between attempts. Default 1,000 ms. */
  readonly backoffMs?: number;
  /** How long finished results (and the program state) stay in Redis for reuse. Default 7 days. */
  readonly keepResultsSeconds?: number;
  readonly queueName?: string;
  /** Default `'auto'`: a bar on a TTY only. */
  readonly progress?: ProgressSetting;
  readonly progressStream?: NodeJS.WritableStream;
  readonly onProgress?: (progress: EvaluateProgress & { workers: Readonly<Record<string, number>> }) => void;
  /** How long to wait for Redis to come back before failing with the partial results. Default 60 s. */
  readonly redisLostTimeoutMs?: number;
  /** Where to write the finished rows if the run fails (JSON). */
  readonly partialResultsPath?: string;
  /** Check interval for missed events and Redis health. Default 1,000 ms. */
  readonly pollIntervalMs?: number;
  readonly signal?: AbortSignal;
}

/** `Evaluate`'s result plus how many rows each worker computed (rows reused from an earlier run count under the worker that made them). */
export type DistributedEvaluationResult<E extends object = any, P = any> = EvaluationResult<E, P> & {
  readonly workers: Readonly<Record<string, number>>;
};

/**
 * `Evaluate`, fanned out over BullMQ workers: one job per example, the same rows in the same order
 * and the same score as a local run. Jobs are named by what decides their result, so a rerun (or a
 * second coordinator) reuses finished rows instead of computing them again.
 *
 * @example
 * const evaluate = new DistributedEvaluate({ connection: 'redis://127.0.0.1:6379', devset, metric: 'answerExactMatch' });
 * const result = await evaluate.run(program);   // workers registered `QA` and `answerExactMatch`
 * console.log(result.score, result.workers);
 */
export class DistributedEvaluate<E extends object = any> {
  constructor(readonly options: DistributedEvaluateOptions<E>) {}

  async run(
    program: { dumpState(): Record<string, unknown>; constructor: { name: string } },
    overrides: { devset?: readonly Example<E>[]; metric?: string | Metric<E, any>; signal?: AbortSignal } = {},
  ): Promise<DistributedEvaluationResult<E>> {
    const o = { ...this.options, ...definedOnly(overrides) };
    checkDevset(o.devset);
    const metric = typeof o.metric === 'string' ? o.metric : metricName(o.metric);
    if (metric === 'score' && typeof o.metric !== 'string') {
      throw new DspyError(
        'CONFIG_INVALID',
        'DistributedEvaluate sends the metric by name, but this metric function has none. Pass `metric: "name"` as registered on the workers.',
      );
    }
    const programName = o.programName ?? program.constructor.name;
    const state = program.dumpState();
    const stateKey = sha256Of(state);
    const keep = o.keepResultsSeconds ?? 7 * 24 * 3600;

    const jobs = new Map<string, { data: EvaluateJobData; indices: number[] }>();
    o.devset.forEach((example, index) => {
      const data: EvaluateJobData = {
        v: 1,
        program: programName,
        stateKey,
        example: { data: jsonOnly(example.toDict(), index), inputKeys: [...(example.inputKeys ?? [])] },
        metric,
        lm: o.lm ?? {},
        ...(o.rolloutId === undefined ? {} : { rolloutId: o.rolloutId }),
        failureScore: o.failureScore ?? 0,
      };
      const id = jobIdOf(data);
      const entry = jobs.get(id);
      if (entry) entry.indices.push(index);
      else jobs.set(id, { data, indices: [index] });
    });

    await assertRedisReachable(o.connection);
    const redis = createRedis(o.connection);
    const queueName = o.queueName ?? DEFAULT_QUEUE;
    // BullMQ never closes connections it was handed: these are closed in `finally`.
    const queueRedis = createRedis(o.connection);
    const eventsRedis = createRedis(o.connection);
    const queue = new Queue(queueName, { connection: queueRedis });
    const events = new QueueEvents(queueName, { connection: eventsRedis });
    const add = async (ids: readonly string[]) => {
      await redis.set(`${STATE_PREFIX}${stateKey}`, JSON.stringify(state), 'EX', keep);
      await queue.addBulk(
        ids.map((jobId) => ({
          name: programName,
          data: jobs.get(jobId)!.data,
          opts: {
            jobId,
            attempts: o.attempts ?? 3,
            backoff: { type: 'exponential', delay: o.backoffMs ?? 1_000 },
            removeOnComplete: { age: keep },
            removeOnFail: { age: keep },
          },
        })),
      );
    };
    // Reachability is watched by the run itself (bounded wait, then partial results); no console noise.
    queue.on('error', () => undefined);
    events.on('error', () => undefined);
    const run = new Run(o, jobs, redis, queue, metric, add);
    try {
      await events.waitUntilReady();
      events.on('completed', ({ jobId, returnvalue }) => run.completed(jobId, returnvalue));
      events.on('failed', ({ jobId }) => void run.check([jobId]));
      await add([...jobs.keys()]);
      await run.check([...jobs.keys()], { retryFailed: true });
      return await run.finished();
    } finally {
      run.stop();
      await Promise.allSettled([events.close(), queue.close()]);
      for (const client of [redis, queueRedis, eventsRedis]) client.disconnect();
    }
  }
}

/** The bookkeeping of one distributed run: which jobs are settled, rows, counts, health. */
class Run<E extends object> {
  private readonly rows: EvaluationRow<E, any>[] = [];
  private readonly pending: Set<string>;
  private readonly workers: Record<string, number> = {};
  private readonly live = { done: 0, total: 0, errors: 0, sum: 0, scored: 0 };
  private readonly bar: EvaluationProgressBar;
  private readonly started = performance.now();
  private timer?: NodeJS.Timeout;
  private lostSince?: number;
  private lastSettled = performance.now();
  private ticking = false;
  private done!: (result: DistributedEvaluationResult<E>) => void;
  private fail!: (error: unknown) => void;
  private readonly result: Promise<DistributedEvaluationResult<E>>;
  private readonly onAbort = () =>
    this.cancel(new DspyError('EXECUTION_CANCELLED', 'Execution cancelled due to errors or interruption.'));

  constructor(
    private readonly o: DistributedEvaluateOptions<E>,
    private readonly jobs: Map<string, { data: EvaluateJobData; indices: number[] }>,
    private readonly redis: Redis,
    private readonly queue: Queue,
    private readonly metric: string,
    /** (Re)adds jobs by id: used when Redis came back empty (restarted without persistence). */
    private readonly add: (ids: readonly string[]) => Promise<void>,
  ) {
    this.pending = new Set(jobs.keys());
    this.live.total = o.devset.length;
    const stream = o.progressStream ?? process.stderr;
    this.bar = new EvaluationProgressBar(o.devset.length, shouldShowProgress(o.progress ?? 'auto', stream), stream);
    this.result = new Promise((resolve, reject) => {
      this.done = resolve;
      this.fail = reject;
    });
    this.result.catch(() => undefined);
    o.signal?.addEventListener('abort', this.onAbort, { once: true });
    this.timer = setInterval(() => void this.tick(), o.pollIntervalMs ?? 1_000);
  }

  finished(): Promise<DistributedEvaluationResult<E>> {
    if (this.pending.size === 0) this.finish();
    return this.result;
  }

  completed(jobId: string, returnvalue: unknown): void {
    if (!this.pending.has(jobId)) return;
    const encoded = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as EncodedRow;
    this.settle(jobId, (example, index) => decodeRow(encoded, example, index), encoded.worker);
  }

  /** Looks jobs up in Redis (start of a run, missed events): settles finished ones, retries failed ones once. */
  async check(ids: readonly string[], { retryFailed = false } = {}): Promise<void> {
    const wanted = ids.filter((id) => this.pending.has(id));
    for (let i = 0; i < wanted.length; i += 200) {
      const chunk = wanted.slice(i, i + 200);
      const found = await Promise.all(chunk.map((id) => Job.fromId(this.queue, id)));
      const missing = chunk.filter((id, k) => !found[k] && this.pending.has(id));
      if (missing.length > 0) await this.add(missing);
      for (const job of found) {
        if (!job?.id || !this.pending.has(job.id)) continue;
        if (job.finishedOn && job.returnvalue !== null && job.returnvalue !== undefined && !job.failedReason) {
          this.completed(job.id, job.returnvalue);
        } else if (job.failedReason && job.finishedOn) {
          if (retryFailed) await job.retry('failed').catch(() => undefined);
          else this.settle(job.id, (example, index) => failedJobRow(example, index, job.failedReason), 'failed');
        }
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.o.signal?.removeEventListener('abort', this.onAbort);
    this.bar.stop();
  }

  private settle(
    jobId: string,
    rowAt: (example: Example<E>, index: number) => EvaluationRow<E, any>,
    worker: string,
  ): void {
    if (!this.pending.delete(jobId)) return;
    this.lastSettled = performance.now();
    for (const index of this.jobs.get(jobId)!.indices) {
      const row = rowAt(this.o.devset[index]!, index);
      this.rows[index] = row;
      this.workers[worker] = (this.workers[worker] ?? 0) + 1;
      this.live.done++;
      if (row.errorKind !== undefined) this.live.errors++;
      else [this.live.sum, this.live.scored] = [this.live.sum + row.score!, this.live.scored + 1];
    }
    this.bar.update(this.live);
    this.o.onProgress?.({ ...this.live, workers: { ...this.workers } });
    if (this.live.errors >= (this.o.maxErrors ?? 10)) {
      this.cancel(new DspyError('EXECUTION_CANCELLED', 'Execution cancelled due to errors or interruption.'));
    } else if (this.pending.size === 0) this.finish();
  }

  private finish(): void {
    try {
      const result = summarizeRows(this.rows, performance.now() - this.started, this.metric);
      this.done(Object.assign(result, { workers: { ...this.workers } }) as DistributedEvaluationResult<E>);
    } catch (error) {
      this.fail(error);
    }
  }

  private cancel(error: DspyError): void {
    // Our jobs still waiting are taken off the queue; running ones finish and stay reusable.
    void Promise.allSettled(
      [...this.pending].map((id) => this.queue.remove(id, { removeChildren: false }).catch(() => 0)),
    );
    void this.failWithPartial(withEvaluationSummary(error, this.rows, this.o.maxErrors ?? 10));
  }

  private async failWithPartial(error: DspyError): Promise<void> {
    if (this.o.partialResultsPath) {
      const rows = this.rows.filter(Boolean).map((r) => ({
        index: r.index,
        example: r.example.toDict(),
        score: r.score ?? null,
        errorKind: r.errorKind ?? null,
      }));
      await writeFileAtomic(this.o.partialResultsPath, `${JSON.stringify({ rows }, null, 2)}\n`).catch(() => undefined);
    }
    this.fail(error);
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await withTimeout(this.redis.ping(), Math.max(500, this.o.pollIntervalMs ?? 1_000));
      this.lostSince = undefined;
      // Events cover the normal case; a sweep after a quiet spell catches missed ones (and jobs lost with a restarted Redis).
      const quietMs = performance.now() - this.lastSettled;
      if (this.pending.size > 0 && quietMs > 5 * (this.o.pollIntervalMs ?? 1_000)) {
        await this.check([...this.pending]);
        this.lastSettled = performance.now();
      }
    } catch {
      this.lostSince ??= Date.now();
      const limit = this.o.redisLostTimeoutMs ?? 60_000;
      if (Date.now() - this.lostSince > limit) {
        const saved = this.o.partialResultsPath
          ? `; the ${this.live.done} finished rows are in ${this.o.partialResultsPath}`
          : '';
        this.stop();
        void this.failWithPartial(
          new DspyError(
            'QUEUE_UNAVAILABLE',
            `Lost Redis at ${describeConnection(this.o.connection)} for more than ${limit} ms with ${this.pending.size} jobs unfinished${saved}. ` +
              'Rerun the same evaluation once Redis is back: finished rows are reused.',
            { details: { rows: this.rows.filter(Boolean) } },
          ),
        );
      }
    } finally {
      this.ticking = false;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function jsonOnly(data: Record<string, unknown>, index: number): Record<string, unknown> {
  const text = JSON.stringify(data);
  const back = JSON.parse(text) as Record<string, unknown>;
  if (!sameJson(back, data)) {
    throw new DspyError(
      'CONFIG_INVALID',
      `devset[${index}] holds a value that does not survive JSON (a class instance, undefined, a function), so it cannot be sent to a worker. Use plain JSON values.`,
    );
  }
  return back;
}

/** canonicalJson throws on what it cannot key (a function, NaN): that too is "does not survive JSON". */
function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
