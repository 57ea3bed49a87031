import { DspyError } from '../errors/dspy-error';

/**
 * A whole number that stays a Python `int` where the signature says `float`. JavaScript has one
 * number type, so dspy-ts prints a number in a `float` field as a float (`5.0`), as DSPy prints
 * every value that went through parsing (predictions, bootstrapped demos). A labeled demo written
 * in Python as `score=5` is an `int`, though, and DSPy prints `5`: files saved by DSPy keep that
 * difference in their JSON text (`5` vs `5.0`), and loading turns such ints into `PyInt` so the
 * prompt stays byte-identical (saving writes them back as `5`, and floats as `5.0`). Use
 * `pyInt(5)` in a demo for the same effect. `valueOf()` makes it work in arithmetic (`+x`, `x * 2`).
 *
 * @example
 * predict.demos = [{ answer: 'a', score: pyInt(5) }, { answer: 'b', score: 5 }]; // prints `5`, then `5.0`
 */
export class PyInt {
  constructor(readonly value: number) {
    if (!Number.isSafeInteger(value))
      throw new DspyError('CONFIG_INVALID', `pyInt() takes a safe integer, got ${String(value)}.`);
  }

  valueOf(): number {
    return this.value;
  }

  toJSON(): number {
    return this.value;
  }

  toString(): string {
    return String(this.value);
  }
}

/**
 * Marks a whole number as a Python `int` (see `PyInt`).
 *
 * @example
 * pyInt(5); // prints as `5` even in a float field
 */
export function pyInt(value: number): PyInt {
  return new PyInt(value);
}
