import { DspyError } from '../errors/dspy-error';
import { MersenneTwister } from './mersenne-twister';

/**
 * Python's `random.Random(seed)` for integer seeds: the same Mersenne Twister (MT19937), seeding
 * (`init_by_array` over the seed's 32-bit words) and derivations (`random`, `getrandbits`,
 * `_randbelow`, `shuffle`, `sample`, `choice`), so optimizers shuffle and sample exactly as DSPy
 * does for the same seed (Python 3.11/3.12 algorithms). String seeds are not supported.
 *
 * @example
 * const rng = new SeededRandom(0);
 * rng.shuffle([...trainset]); // same order as random.Random(0).shuffle(trainset) in DSPy
 */
export class SeededRandom {
  private readonly mt: MersenneTwister;

  constructor(seed: number | bigint = 0) {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new DspyError(
        'CONFIG_INVALID',
        `SeededRandom needs an integer seed (as Python's random.Random(int)); got ${seed}.`,
      );
    }
    let n = BigInt(seed) < 0n ? -BigInt(seed) : BigInt(seed);
    const key: number[] = [];
    do {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    } while (n > 0n);
    this.mt = new MersenneTwister(key);
  }

  /**
   * The generator's position as JSON-safe numbers (Python's `getstate()`), so a checkpointed run
   * resumes drawing exactly where it stopped.
   *
   * @example
   * const saved = rng.getState();
   * const again = new SeededRandom(0).setState(saved); // draws what rng draws next
   */
  getState(): number[] {
    return this.mt.getState();
  }

  /** Restores a position saved by `getState()`; returns this. */
  setState(state: readonly number[]): this {
    try {
      this.mt.setState(state);
    } catch (error) {
      throw new DspyError('FILE_INVALID', `Not a SeededRandom state: ${(error as Error).message}`);
    }
    return this;
  }

  /** Python's `random()`: a float in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.mt.next32() >>> 5;
    const b = this.mt.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Python's `getrandbits(k)`; a bigint above 32 bits. */
  getrandbits(k: number): number | bigint {
    if (k <= 32) return k === 0 ? 0 : this.mt.next32() >>> (32 - k);
    let result = 0n;
    for (let i = 0, left = k; left > 0; i++, left -= 32) {
      const word = left < 32 ? this.mt.next32() >>> (32 - left) : this.mt.next32();
      result |= BigInt(word) << BigInt(32 * i);
    }
    return result;
  }

  /** An integer in [0, n) by rejection sampling on `bit_length(n)` bits (Python's `_randbelow`). */
  randbelow(n: number): number {
    if (!(n >= 1)) throw new DspyError('INPUT_INVALID', `randbelow needs n >= 1; got ${n} (empty range).`);
    const k = Math.floor(n).toString(2).length;
    let r = Number(this.getrandbits(k));
    while (r >= n) r = Number(this.getrandbits(k));
    return r;
  }

  /** Python's `randint(a, b)`, both ends included. */
  randint(a: number, b: number): number {
    return a + this.randbelow(b - a + 1);
  }

  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new DspyError('INPUT_INVALID', 'Cannot choose from an empty sequence.');
    return items[this.randbelow(items.length)]!;
  }

  /** Python's `shuffle`, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** Python's `sample(population, k)`: k distinct items, the same two strategies as CPython. */
  sample<T>(population: readonly T[], k: number): T[] {
    const n = population.length;
    if (k < 0 || k > n)
      throw new DspyError('INPUT_INVALID', `Sample larger than population or is negative: k=${k}, population=${n}.`);
    let setsize = 21;
    if (k > 5) setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    const result: T[] = [];
    if (n <= setsize) {
      const pool = [...population];
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i);
        result.push(pool[j]!);
        pool[j] = pool[n - i - 1]!;
      }
      return result;
    }
    const selected = new Set<number>();
    for (let i = 0; i < k; i++) {
      let j = this.randbelow(n);
      while (selected.has(j)) j = this.randbelow(n);
      selected.add(j);
      result.push(population[j]!);
    }
    return result;
  }
}
