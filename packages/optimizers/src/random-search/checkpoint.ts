import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DspyError } from '@dspy-ts/core';
import { canonicalJson } from '@dspy-ts/core/provider-kit';
import { writeFileAtomic } from '@dspy-ts/core/provider-kit';
import type { CandidateReport } from '../optimizer';

/** A finished candidate as stored: its report and its program state (`dumpState()`). */
export interface CheckpointEntry {
  readonly seed: number;
  readonly report: Omit<CandidateReport, 'resumed'>;
  readonly state: Record<string, unknown>;
}

interface CheckpointFile {
  readonly version: 1;
  readonly optimizer: string;
  /** Hash of the configuration, data and program; a resume with anything else is refused. */
  readonly fingerprint: string;
  readonly candidates: CheckpointEntry[];
}

/**
 * Finished random-search candidates on disk, rewritten atomically after each one, so a run that
 * crashes or is aborted resumes where it stopped: candidates already in the file are read back,
 * not rebuilt nor re-scored.
 *
 * @example
 * const cp = await Checkpoint.open('runs/qa.checkpoint.json', 'BootstrapFewShotWithRandomSearch', fingerprint);
 * cp.get(-3); // the zero-shot candidate, if a previous run finished it
 */
export class Checkpoint {
  private constructor(
    readonly path: string,
    private readonly file: CheckpointFile,
  ) {}

  static async open(path: string, optimizer: string, fingerprint: string): Promise<Checkpoint> {
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return new Checkpoint(path, { version: 1, optimizer, fingerprint, candidates: [] });
    let file: CheckpointFile;
    try {
      file = JSON.parse(text) as CheckpointFile;
    } catch (error) {
      throw new DspyError(
        'FILE_INVALID',
        `The checkpoint ${path} is not valid JSON. Delete it to start the run afresh.`,
        { cause: error },
      );
    }
    if (file.version !== 1 || file.optimizer !== optimizer || !Array.isArray(file.candidates)) {
      throw new DspyError(
        'FILE_INVALID',
        `The checkpoint ${path} was not written by ${optimizer} (version 1). Delete it or pass another path.`,
      );
    }
    if (file.fingerprint !== fingerprint) {
      throw new DspyError(
        'CONFIG_INVALID',
        `The checkpoint ${path} belongs to a different run: the optimizer settings, the trainset/valset or the program changed since it was written. ` +
          'Delete it to start afresh, or pass another checkpoint path.',
      );
    }
    return new Checkpoint(path, file);
  }

  get(seed: number): CheckpointEntry | undefined {
    return this.file.candidates.find((c) => c.seed === seed);
  }

  get size(): number {
    return this.file.candidates.length;
  }

  async add(entry: CheckpointEntry): Promise<void> {
    this.file.candidates.push(entry);
    await writeFileAtomic(this.path, `${JSON.stringify(this.file, null, 2)}\n`);
  }
}

/** Stable hash of anything JSON-like; values canonical JSON cannot key (functions, cycles) fall back to their text. */
export function fingerprintOf(value: unknown): string {
  let text: string;
  try {
    text = canonicalJson(value);
  } catch {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? `fn:${v.name}` : v));
  }
  return createHash('sha256').update(text).digest('hex');
}
