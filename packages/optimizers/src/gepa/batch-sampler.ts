import type { SeededRandom } from '@dspy-ts/core';

export interface BatchSamplerState {
  shuffled: number[];
  epoch: number;
  freqs: [number, number][];
  lastSize: number;
}

/**
 * gepa's `EpochShuffledBatchSampler`: trainset indices shuffled once per epoch (with the shared
 * run RNG), padded with the least-used indices to a multiple of the minibatch size; iteration `i`
 * takes the `i`-th chunk.
 */
export class EpochShuffledBatchSampler {
  state: BatchSamplerState = { shuffled: [], epoch: -1, freqs: [], lastSize: 0 };

  constructor(
    private readonly size: number,
    private readonly rng: SeededRandom,
  ) {}

  next(trainSize: number, iteration: number): number[] {
    const s = this.state;
    let base = iteration * this.size;
    const epoch = s.epoch === -1 ? 0 : Math.floor(base / Math.max(s.shuffled.length, 1));
    if (!s.shuffled.length || trainSize !== s.lastSize || epoch > s.epoch) {
      s.epoch = epoch;
      this.reshuffle(trainSize);
    }
    base %= s.shuffled.length;
    return s.shuffled.slice(base, base + this.size);
  }

  private reshuffle(trainSize: number): void {
    const s = this.state;
    s.lastSize = trainSize;
    s.shuffled = this.rng.shuffle(Array.from({ length: trainSize }, (_, i) => i));
    // Counter keeps first-insertion order; most_common() sorts by count (stable), and gepa takes the
    // last entry of that list: the least used index, the latest inserted among ties.
    const freqs = new Map<number, number>(s.shuffled.map((id) => [id, 1]));
    const mod = trainSize % this.size;
    const pad = mod ? this.size - mod : 0;
    for (let k = 0; k < pad; k++) {
      const ordered = [...freqs.entries()].sort((a, b) => b[1] - a[1]);
      const id = ordered[ordered.length - 1]![0];
      s.shuffled.push(id);
      freqs.set(id, freqs.get(id)! + 1);
    }
    s.freqs = [...freqs.entries()];
  }
}
