/**
 * Python's `round(x, digits)`: the decimal nearest to the exact binary value of `x`, exact ties
 * going to the even digit. `Math.round(x * 100) / 100` differs on ties (0.125 → 0.13, Python 0.12)
 * and on values whose scaling rounds up (1.005 * 100 = 100.49999…), so scores match DSPy's.
 *
 * @example
 * pyRound(66.666666, 2); // 66.67
 * pyRound(0.125, 2);     // 0.12
 */
export function pyRound(x: number, digits = 0): number {
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return x;
  // An exact tie at `digits` decimals is odd / 2^(digits+1) (5^digits divides the numerator), and
  // multiplying by a power of two is exact, so this test is exact.
  const scaledTie = x * 2 ** (digits + 1);
  if (Number.isInteger(scaledTie) && Math.abs(scaledTie) % 2 === 1) {
    const down = Math.floor(Math.abs(x) * 10 ** digits);
    const even = down % 2 === 0 ? down : down + 1;
    return (Math.sign(x) * even) / 10 ** digits;
  }
  // toFixed rounds the exact binary value (no double rounding) for |x| < 1e21.
  return Number(x.toFixed(digits));
}
