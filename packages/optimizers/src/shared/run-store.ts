/**
 * RunStore: checkpoint/resume for any optimizer run.
 *
 * API:
 *   const store = await RunStore.open({ path: 'run.json' | undefined, optimizer: 'MIPROv2', fingerprint });
 *   const value = await store.step('propose/0', async () => jsonValue); // memoized step
 *   store.has(key) / store.get(key) / store.resumed (keys read back this run) / store.size
 *
 * A run is written as a sequence of named steps whose results are JSON values. `step(key, fn)`
 * returns the stored value when the file already has `key` (a resumed run), otherwise runs `fn`,
 * stores its result and rewrites the file atomically (temp file + fsync + rename), so a `kill -9`
 * at any moment leaves either the previous or the new complete file. Fresh results are JSON
 * round-tripped before being returned, so a first run and a resumed run see identical values.
 * For "same result after resume", a step must depend only on its inputs: draw randomness from
 * RNGs seeded by the run seed and the step key, or from state rebuilt by replaying earlier
 * steps (as MIPROv2's sampler does), never from an RNG that a skipped step would have advanced.
 * Without `path` the store is in memory (same code path, nothing written).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DspyError, type Example } from '@dspy-ts/core';
import { canonicalJson, writeFileAtomic } from '@dspy-ts/core/provider-kit';
import type { AnyProgram } from '../optimizer';

interface RunFile {
  readonly version: 2;
  readonly optimizer: string;
  /** Hash of the configuration, data and program; a resume with anything else is refused. */
  readonly fingerprint: string;
  readonly steps: Record<string, unknown>;
}

export interface RunStoreOptions {
  /** JSON file; absent: in memory only. */
  readonly path?: string;
  /** Written into the file and checked on resume. */
  readonly optimizer: string;
  /** From `runFingerprint`: what the run depends on. */
  readonly fingerprint: string;
}

/**
 * Memoized, atomically persisted optimizer steps.
 *
 * @example
 * const store = await RunStore.open({ path: 'mipro.run.json', optimizer: 'MIPROv2', fingerprint });
 * const demos = await store.step('bootstrap', () => bootstrapDemoSets());
 */
export class RunStore {
  private readonly resumedKeys = new Set<string>();
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(
    readonly path: string | undefined,
    private readonly file: RunFile,
  ) {}

  static async open(options: RunStoreOptions): Promise<RunStore> {
    const { path, optimizer, fingerprint } = options;
    const empty: RunFile = { version: 2, optimizer, fingerprint, steps: {} };
    if (!path) return new RunStore(undefined, empty);
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return new RunStore(path, empty);
    let file: RunFile;
    try {
      file = JSON.parse(text) as RunFile;
    } catch (error) {
      throw new DspyError(
        'FILE_INVALID',
        `The checkpoint ${path} is not valid JSON. Delete it to start the ${optimizer} run afresh.`,
        { cause: error },
      );
    }
    if (file?.version !== 2 || file.optimizer !== optimizer || typeof file.steps !== 'object' || !file.steps) {
      throw new DspyError(
        'FILE_INVALID',
        `The checkpoint ${path} was not written by ${optimizer} (checkpoint version 2). Delete it or pass another checkpoint path.`,
      );
    }
    if (file.fingerprint !== fingerprint) {
      throw new DspyError(
        'CONFIG_INVALID',
        `The checkpoint ${path} belongs to a different ${optimizer} run: the optimizer settings, the trainset/valset or the program changed since it was written. ` +
          'Delete it to start afresh, or pass another checkpoint path.',
      );
    }
    return new RunStore(path, file);
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.file.steps, key);
  }

  get<T>(key: string): T | undefined {
    return this.has(key) ? (this.file.steps[key] as T) : undefined;
  }

  /** Stored steps. */
  get size(): number {
    return Object.keys(this.file.steps).length;
  }

  /** Keys this run read back instead of computing. */
  get resumed(): ReadonlySet<string> {
    return this.resumedKeys;
  }

  /** Keys in the order they were first stored. */
  keys(): string[] {
    return Object.keys(this.file.steps);
  }

  /** The stored value of `key`, or `fn()`'s (stored, then returned as its JSON copy). */
  async step<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (this.has(key)) {
      this.resumedKeys.add(key);
      return this.file.steps[key] as T;
    }
    const value = await fn();
    return this.put(key, value);
  }

  /** Stores `value` under `key` (overwriting) and persists; returns its JSON copy. */
  async put<T>(key: string, value: T): Promise<T> {
    const text = JSON.stringify(value);
    if (text === undefined) {
      throw new DspyError('CONFIG_INVALID', `Checkpoint step \`${key}\` produced a value JSON cannot store.`);
    }
    const copy = JSON.parse(text) as T;
    this.file.steps[key] = copy;
    await this.flush();
    return copy;
  }

  /** Waits for pending writes; concurrent `put`s coalesce into one rewrite. */
  async flush(): Promise<void> {
    if (!this.path) return;
    this.dirty = true;
    const path = this.path;
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      await writeFileAtomic(path, `${JSON.stringify(this.file)}\n`);
    });
    await this.writing;
  }
}

/**
 * Stable hash of anything JSON-like; values canonical JSON cannot key (functions, cycles) fall back to their text.
 *
 * @example
 * fingerprintOf({ seed: 0, numTrials: 10 }) === fingerprintOf({ numTrials: 10, seed: 0 }); // true
 */
export function fingerprintOf(value: unknown): string {
  let text: string;
  try {
    text = canonicalJson(value);
  } catch {
    text = JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'function' ? `fn:${v.name}` : typeof v === 'bigint' ? `${v}n` : v,
    );
  }
  return createHash('sha256').update(text).digest('hex');
}

const structure = (p: AnyProgram | undefined) =>
  p?.namedPredictors().map(([name, pred]) => [name, pred.signature.dumpState(), pred.demos.length]) ?? null;
const rows = (set: readonly Example<any>[] | undefined) => set?.map((e) => [e.toDict(), e.inputKeys ?? null]) ?? null;

/** Settings that never change which trials run or what they find; left out of fingerprints. */
const NOT_FINGERPRINTED = new Set([
  'metric',
  'teacherSettings',
  'onCandidate',
  'onTrial',
  'onEvent',
  'checkpoint',
  'progress',
  'progressStream',
  'concurrency',
  'maxErrors',
  'evaluator',
  'promptModel',
  'taskModel',
  'reflectionLm',
  'stopAtScore',
  'restrict',
]);

/**
 * What a checkpoint must match to be resumed: the settings that shape trials (functions, LMs and
 * display options left out), the metric's name, the data and the program structure.
 *
 * @example
 * const fp = runFingerprint('COPRO', this.config, student, { trainset, valset });
 */
export function runFingerprint(
  optimizer: string,
  settings: object,
  student: AnyProgram,
  data: { trainset: readonly Example<any>[]; valset?: readonly Example<any>[]; teacher?: AnyProgram },
  extra: Record<string, unknown> = {},
): string {
  const kept = Object.fromEntries(
    Object.entries(settings).filter(([k, v]) => !NOT_FINGERPRINTED.has(k) && typeof v !== 'function'),
  );
  const metric = (settings as { metric?: unknown }).metric;
  const metricName =
    typeof metric === 'function' ? metric.name : ((metric as object | undefined)?.constructor?.name ?? null);
  return fingerprintOf({
    optimizer,
    settings: kept,
    metric: metricName,
    trainset: rows(data.trainset),
    valset: rows(data.valset),
    student: structure(student),
    teacher: structure(data.teacher),
    ...extra,
  });
}
