import { pyRound } from './py-round';

// Expected values are Python 3's round(x, d).
describe('pyRound', () => {
  it.each([
    [66.66666666666667, 2, 66.67],
    [100, 2, 100],
    [0.125, 2, 0.12],
    [0.375, 2, 0.38],
    [1.005, 2, 1],
    [2.675, 2, 2.67],
    [12.5, 0, 12],
    [13.5, 0, 14],
    [0.25, 1, 0.2],
    [0.75, 1, 0.8],
    [-0.125, 2, -0.12],
    [33.33333333333333, 1, 33.3],
    [0.015, 2, 0.01],
  ])('round(%p, %p) == %p', (x, d, expected) => {
    expect(pyRound(x, d)).toBe(expected);
  });
});
