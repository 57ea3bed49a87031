/**
 * Default BullMQ queue name for evaluation jobs (one queue serves every program; jobs carry names).
 *
 * @example
 * const queue = new Queue(DEFAULT_QUEUE, { connection: { host: '127.0.0.1', port: 6379 } });
 */
export const DEFAULT_QUEUE = 'dspy-ts-evaluate';

/** Redis key prefix under which program states are stored once per run (jobs carry only the hash). */
export const STATE_PREFIX = 'dspy-ts:state:';

/**
 * Lock and stall settings, chosen on purpose:
 * - `lockDurationMs` 30 s (BullMQ's default): a live worker renews its lock every 15 s, so a slow
 *   LM call never looks stalled; a worker killed with `kill -9` stops renewing, and its job is
 *   taken back by another worker's stall check within about lockDuration + stalledInterval.
 * - `maxStalledCount` 2: a job is retried after a worker died under it twice; the third loss marks
 *   it failed (an example that kills every worker it reaches is a poison example, reported as that
 *   example's error, never retried forever).
 * Tests pass shorter values to see recovery in seconds.
 */
export interface StallSettings {
  readonly lockDurationMs?: number;
  readonly stalledIntervalMs?: number;
  readonly maxStalledCount?: number;
}

/**
 * Stall detection a worker uses for every setting it does not pass: BullMQ's lock and
 * stalled-check periods, and how often a stalled job is taken back before it fails.
 *
 * @example
 * startWorker({ ...options, lockDurationMs: 2 * DEFAULT_STALL.lockDurationMs }); // slow jobs keep their lock longer
 */
export const DEFAULT_STALL: Required<StallSettings> = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 2,
};
