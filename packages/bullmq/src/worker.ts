import { hostname } from 'node:os';
import { Example, withSettings, type LanguageModel, type Metric, type Program } from '@dspy-ts/core';
import { evaluateRow } from '@dspy-ts/core/provider-kit';
import { Worker, type Job } from 'bullmq';
import { assertRedisReachable, createRedis, describeConnection, redactText, type RedisConnection } from './connection';
import { sha256Of } from './fingerprint';
import { validateJobData, type EvaluateJobData, type LmJobSettings } from './job-data';
import { DEFAULT_QUEUE, DEFAULT_STALL, STATE_PREFIX, type StallSettings } from './queue-options';
import { buildProgram, metricNamed, type ProgramFactory } from './registry';
import { encodeError, encodeRow, failedReasonOf, type EncodedRow } from './row-codec';

/**
 * Options of `startWorker`.
 *
 * @example
 * { connection: 'redis://127.0.0.1:6379', programs: { QA: () => new QA() }, metrics: { exactMatch }, lm: new OllamaLM({ model: 'llama3.2' }), concurrency: 4 }
 */
export interface WorkerOptions extends StallSettings {
  readonly connection: RedisConnection;
  /** Programs this worker can run, by the name the coordinator sends (its class name by default). */
  readonly programs: Readonly<Record<string, ProgramFactory>>;
  /** Metrics by name. */
  readonly metrics: Readonly<Record<string, Metric>>;
  /**
   * The LM jobs run on. Job settings (temperature, rolloutId, …) are applied with `lm.copy(...)`
   * when the LM has it; a function gets the settings and returns the LM to use.
   */
  readonly lm: LanguageModel | ((settings: LmJobSettings & { rolloutId?: string | number }) => LanguageModel);
  /** Jobs run at once by this process. Default 8. */
  readonly concurrency?: number;
  readonly queueName?: string;
  /** Name in per-worker counts. Default `host:pid`. */
  readonly id?: string;
  /** Called with one line per rejected or failed job (credentials removed). Default: none. */
  readonly onError?: (message: string) => void;
}

/** A running worker. */
export interface DistributedWorker {
  readonly id: string;
  /** Jobs finished by this process. */
  readonly processed: () => number;
  /** Stops taking jobs; waits for running ones unless `force`. */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * Starts a worker in this process: it takes evaluation jobs from Redis, runs the registered program
 * (with the shipped saved state) on the example with this worker's LM, scores it with the
 * registered metric and stores the row. Runs in a plain script or inside a NestJS app.
 *
 * @example
 * const worker = await startWorker({
 *   connection: 'redis://127.0.0.1:6379',
 *   programs: { QA: () => new QA() },
 *   metrics: { answerExactMatch },
 *   lm: new OpenAICompatibleLM({ model: 'llama3.2', baseURL: 'http://gpu-box:11434/v1' }),
 *   concurrency: 8,
 * });
 * process.on('SIGTERM', () => void worker.close());
 */
export async function startWorker(options: WorkerOptions): Promise<DistributedWorker> {
  await assertRedisReachable(options.connection);
  const id = options.id ?? `${hostname()}:${process.pid}`;
  const stall = { ...DEFAULT_STALL, ...definedOnly(options) };
  const redis = createRedis(options.connection);
  const programs = new Map<string, Promise<Program<any, any>>>();
  let processed = 0;

  const programFor = (data: EvaluateJobData): Promise<Program<any, any>> => {
    const key = `${data.program}:${data.stateKey}`;
    let made = programs.get(key);
    if (!made) {
      made = loadProgram(data);
      programs.set(key, made);
      made.catch(() => programs.delete(key));
    }
    return made;
  };

  const loadProgram = async (data: EvaluateJobData): Promise<Program<any, any>> => {
    const text = await redis.get(`${STATE_PREFIX}${data.stateKey}`);
    if (text === null)
      throw new Error(
        `the program state ${data.stateKey.slice(0, 12)}… is gone from Redis (expired or flushed); rerun the evaluation`,
      );
    const state = JSON.parse(text) as Record<string, unknown>;
    if (sha256Of(state) !== data.stateKey) throw new Error('the stored program state does not match its hash');
    const program = await buildProgram(options.programs, data.program);
    program.loadState(state);
    return program;
  };

  const runJob = async (job: Job): Promise<EncodedRow> => {
    const data = validateJobData(job.data);
    const metric = metricNamed(options.metrics, data.metric);
    const program = await programFor(data);
    const example = new Example(data.example.data).withInputs(...data.example.inputKeys);
    const lm = lmFor(options.lm, data);
    const row = await withSettings({ lm }, () =>
      evaluateRow(program, metric, example, 0, { failureScore: data.failureScore }),
    );
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    // An LM failure is worth another attempt (maybe on another worker); the last attempt's row is kept.
    if (row.errorKind === 'lm' && !lastAttempt) throw new Error(failedReasonOf(encodeError(row.error)));
    processed++;
    return encodeRow(row, id);
  };

  // BullMQ never closes a connection it was handed, so this one is closed below with the worker.
  const workerRedis = createRedis(options.connection);
  const worker = new Worker(options.queueName ?? DEFAULT_QUEUE, runJob, {
    connection: workerRedis,
    concurrency: options.concurrency ?? 8,
    lockDuration: stall.lockDurationMs,
    stalledInterval: stall.stalledIntervalMs,
    maxStalledCount: stall.maxStalledCount,
    autorun: true,
  });
  worker.on('failed', (job, error) => {
    options.onError?.(`job ${job?.id ?? '?'} attempt failed: ${redactText(error.message, options.connection)}`);
  });
  worker.on('error', (error) => {
    options.onError?.(
      `worker error (${describeConnection(options.connection)}): ${redactText(error.message, options.connection)}`,
    );
  });
  await worker.waitUntilReady();

  return {
    id,
    processed: () => processed,
    async close({ force = false } = {}) {
      await worker.close(force);
      workerRedis.disconnect();
      redis.disconnect();
    },
  };
}

function lmFor(lm: WorkerOptions['lm'], data: EvaluateJobData): LanguageModel {
  const settings = Object.fromEntries(Object.entries(data.lm).filter(([, v]) => v !== undefined && v !== null));
  const withRollout = data.rolloutId === undefined ? settings : { ...settings, rolloutId: data.rolloutId };
  if (typeof lm === 'function') return lm(withRollout);
  if (Object.keys(withRollout).length === 0) return lm;
  const copyable = lm as LanguageModel & { copy?: (o: Record<string, unknown>) => LanguageModel };
  return typeof copyable.copy === 'function' ? copyable.copy(withRollout) : lm;
}

function definedOnly(options: StallSettings): StallSettings {
  return Object.fromEntries(
    Object.entries({
      lockDurationMs: options.lockDurationMs,
      stalledIntervalMs: options.stalledIntervalMs,
      maxStalledCount: options.maxStalledCount,
    }).filter(([, v]) => v !== undefined),
  );
}
