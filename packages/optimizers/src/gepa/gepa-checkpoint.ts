import { readFile } from 'node:fs/promises';
import { DspyError, writeFileAtomic } from '@dspy-ts/core';
import type { BatchSamplerState } from './batch-sampler';
import type { MergeState } from './merge';
import type { GepaStateData } from './state';
import type { GepaTrial } from './trial';

/** Everything a GEPA run needs to continue exactly where it stopped. */
export interface GepaSnapshot {
  readonly state: GepaStateData;
  readonly rng: number[];
  readonly adapterRng: number[];
  readonly sampler: BatchSamplerState;
  readonly merge: MergeState;
  readonly trials: readonly GepaTrial[];
}

interface FileShape {
  readonly version: 1;
  readonly optimizer: string;
  readonly fingerprint: string;
  readonly snapshot: GepaSnapshot;
}

/**
 * The run's state on disk, rewritten atomically at the start of every iteration (where gepa saves
 * its own), so after a crash or `kill -9` the rerun restores the candidate pool, Pareto fronts,
 * RNG positions and trial log and redoes at most the one iteration that was cut off.
 */
export class GepaCheckpoint {
  private constructor(
    readonly path: string,
    private readonly optimizer: string,
    private readonly fingerprint: string,
    readonly saved: GepaSnapshot | undefined,
  ) {}

  static async open(path: string, optimizer: string, fingerprint: string): Promise<GepaCheckpoint> {
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return new GepaCheckpoint(path, optimizer, fingerprint, undefined);
    let file: FileShape;
    try {
      file = JSON.parse(text) as FileShape;
    } catch (error) {
      throw new DspyError(
        'FILE_INVALID',
        `${optimizer}: the checkpoint ${path} is not valid JSON. Delete it to start the run afresh.`,
        {
          cause: error,
        },
      );
    }
    if (file?.version !== 1 || file.optimizer !== optimizer || !file.snapshot) {
      throw new DspyError(
        'FILE_INVALID',
        `${optimizer}: the checkpoint ${path} was not written by ${optimizer} (version 1). Delete it or pass another path.`,
      );
    }
    if (file.fingerprint !== fingerprint) {
      throw new DspyError(
        'CONFIG_INVALID',
        `${optimizer}: the checkpoint ${path} belongs to a different run: the settings, the trainset/valset or the program changed since it was written. ` +
          'Delete it to start afresh, or pass another checkpoint path.',
      );
    }
    return new GepaCheckpoint(path, optimizer, fingerprint, file.snapshot);
  }

  async save(snapshot: GepaSnapshot): Promise<void> {
    const file: FileShape = { version: 1, optimizer: this.optimizer, fingerprint: this.fingerprint, snapshot };
    await writeFileAtomic(this.path, JSON.stringify(file));
  }
}
