import { DspyError } from '@dspy-ts/core';

/** LM call settings a job carries (JSON only; the worker's own LM holds model, URL and credentials). */
export interface LmJobSettings {
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly topP?: number;
  readonly [option: string]: string | number | boolean | null | undefined;
}

/**
 * One job: run registered program `program` (with the saved state stored under `stateKey`) on
 * `example`, score it with registered metric `metric`. Code never travels, only names and JSON.
 */
export interface EvaluateJobData {
  readonly v: 1;
  readonly program: string;
  readonly stateKey: string;
  readonly example: { readonly data: Record<string, unknown>; readonly inputKeys: readonly string[] };
  readonly metric: string;
  readonly lm: LmJobSettings;
  readonly rolloutId?: string | number;
  readonly failureScore: number;
}

const NAME = /^[A-Za-z_$][\w$.-]{0,127}$/;
const STATE_KEY = /^[0-9a-f]{64}$/;

/**
 * Checks a job's data before anything runs (a worker may share Redis with other producers).
 * Returns the data typed, or throws QUEUE_JOB_INVALID saying which part is wrong.
 *
 * @example
 * const data = validateJobData(job.data); // throws QUEUE_JOB_INVALID naming the bad part
 */
export function validateJobData(data: unknown): EvaluateJobData {
  const fail = (what: string): never => {
    throw new DspyError(
      'QUEUE_JOB_INVALID',
      `Rejected an evaluation job: ${what}. It was not produced by a matching @dspy-ts/bullmq version.`,
    );
  };
  if (!isRecord(data)) return fail('its data is not an object');
  if (data.v !== 1) fail(`unknown payload version ${JSON.stringify(data.v)} (expected 1)`);
  if (typeof data.program !== 'string' || !NAME.test(data.program)) fail('`program` is not a registered-name string');
  if (typeof data.stateKey !== 'string' || !STATE_KEY.test(data.stateKey))
    fail('`stateKey` is not a SHA-256 hex digest');
  if (typeof data.metric !== 'string' || !NAME.test(data.metric)) fail('`metric` is not a registered-name string');
  const example = data.example;
  if (!isRecord(example) || !isRecord(example.data)) fail('`example.data` is not an object');
  const inputKeys = (example as Record<string, unknown>).inputKeys;
  if (!Array.isArray(inputKeys) || inputKeys.length === 0 || !inputKeys.every((k) => typeof k === 'string'))
    fail('`example.inputKeys` is not a non-empty list of field names');
  if (!isRecord(data.lm) || !Object.values(data.lm).every(isScalar)) fail('`lm` is not an object of scalar settings');
  if (data.rolloutId !== undefined && typeof data.rolloutId !== 'string' && typeof data.rolloutId !== 'number')
    fail('`rolloutId` is not a string or number');
  if (typeof data.failureScore !== 'number' || !Number.isFinite(data.failureScore))
    fail('`failureScore` is not a number');
  return data as unknown as EvaluateJobData;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}
