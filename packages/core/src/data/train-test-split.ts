import { DspyError } from '../errors/dspy-error';
import { SeededRandom } from '../utils/seeded-random';

/**
 * @example
 * { trainSize: 0.8, seed: 0 }
 */
export interface SplitOptions {
  /** A fraction in (0, 1) or a number of examples (default 0.75). */
  readonly trainSize?: number;
  /** A fraction in (0, 1) or a number of examples; default: all the rest. */
  readonly testSize?: number;
  /** Python `random.seed(seed)`: the same seed gives the same split as DSPy. Unseeded when left out. */
  readonly seed?: number;
}

/**
 * DSPy's `DataLoader.train_test_split`: shuffles a copy with Python's `random` (seeded like
 * `random.seed(seed)`), then takes `trainSize` examples for `train` and the next `testSize` for `test`.
 *
 * @example
 * const { train, test } = trainTestSplit(examples, { trainSize: 0.8, seed: 0 });
 */
export function trainTestSplit<E>(dataset: readonly E[], options: SplitOptions = {}): { train: E[]; test: E[] } {
  const { trainSize = 0.75, testSize, seed } = options;
  const rng = new SeededRandom(seed ?? Math.floor(Math.random() * 2 ** 32));
  const shuffled = rng.shuffle([...dataset]);
  const trainEnd = size(trainSize, shuffled.length, 'trainSize');
  let testEnd = shuffled.length - trainEnd;
  if (testSize !== undefined) {
    testEnd = size(testSize, shuffled.length, 'testSize');
    if (trainEnd + testEnd > shuffled.length)
      throw new DspyError(
        'INPUT_INVALID',
        `trainSize + testSize cannot exceed the number of examples: trainSize ${trainEnd}, testSize ${testEnd}, ${shuffled.length} examples.`,
      );
  }
  return { train: shuffled.slice(0, trainEnd), test: shuffled.slice(trainEnd, trainEnd + testEnd) };
}

function size(value: number, n: number, name: string): number {
  if (value > 0 && value < 1) return Math.floor(n * value);
  if (Number.isInteger(value) && value >= 0) return value;
  throw new DspyError(
    'INPUT_INVALID',
    `Invalid ${name}: ${value}. Give a fraction between 0 and 1 of the examples, or a whole number of examples.`,
  );
}
