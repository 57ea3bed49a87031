import { createHash } from 'node:crypto';
import { canonicalJson } from '@dspy-ts/core/provider-kit';
import type { EvaluateJobData } from './job-data';

/** SHA-256 hex of the canonical JSON of `value` (key order does not matter). */
export function sha256Of(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * A job's identity: the hash of everything that decides its result (program name and state,
 * example, metric, LM settings, rolloutId, failure score). Adding a job whose id exists is a no-op
 * in BullMQ, so a retried or duplicated request is computed once and stored once.
 *
 * @example
 * await queue.add('evaluate', data, { jobId: jobIdOf(data) }); // a duplicate request is computed once
 */
export function jobIdOf(data: EvaluateJobData): string {
  return `dspy-eval-${sha256Of(data)}`;
}
