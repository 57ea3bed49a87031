const N = 624;
const M = 397;

/**
 * MT19937 exactly as CPython's `_randommodule.c`: `init_by_array` seeding and 32-bit outputs.
 * SeededRandom builds Python's `random.Random` methods on it.
 *
 * @example
 * new MersenneTwister([0]).next32(); // the first word random.Random(0) draws
 */
export class MersenneTwister {
  private readonly mt = new Uint32Array(N);
  private index = N;

  /** Seeds from 32-bit words, least significant first (how CPython splits an int seed). */
  constructor(key: readonly number[]) {
    this.initByArray(key.length ? key : [0]);
  }

  /** The generator's position (624 words + index), JSON-safe, for checkpoints. */
  getState(): number[] {
    const state = Array.from(this.mt);
    state.push(this.index);
    return state;
  }

  /** Restores a position from `getState()`. */
  setState(state: readonly number[]): void {
    const index = state[N];
    if (state.length !== N + 1 || !Number.isInteger(index) || index! < 0 || index! > N)
      throw new RangeError(`A Mersenne Twister state is ${N} 32-bit words and an index in 0..${N}.`);
    for (let i = 0; i < N; i++) this.mt[i] = state[i]! >>> 0;
    this.index = index!;
  }

  next32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private initGenrand(s: number): void {
    this.mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = N;
  }

  private initByArray(key: readonly number[]): void {
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = ((this.mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= N) [this.mt[0], i] = [this.mt[N - 1]!, 1];
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = ((this.mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) [this.mt[0], i] = [this.mt[N - 1]!, 1];
    }
    this.mt[0] = 0x80000000;
  }

  private twist(): void {
    for (let k = 0; k < N; k++) {
      const y = (this.mt[k]! & 0x80000000) | (this.mt[(k + 1) % N]! & 0x7fffffff);
      this.mt[k] = this.mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}
