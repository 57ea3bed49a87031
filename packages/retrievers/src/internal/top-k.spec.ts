import { topK } from './top-k';

describe('topK', () => {
  it('returns the indices of the k largest scores, best first', () => {
    expect(topK([0.1, 0.9, 0.5, 0.7], 2)).toEqual([1, 3]);
  });

  it('keeps the earlier index first on ties', () => {
    expect(topK([0.5, 0.9, 0.5, 0.5], 3)).toEqual([1, 0, 2]);
  });

  it('returns everything sorted when k exceeds the count, and nothing for k <= 0', () => {
    expect(topK([0.2, 0.3, 0.1], 10)).toEqual([1, 0, 2]);
    expect(topK([0.2], 0)).toEqual([]);
  });

  it('skips NaN scores', () => {
    expect(topK([NaN, 0.1, NaN], 3)).toEqual([1]);
  });

  it('matches a full sort on random data', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const scores = Array.from({ length: 500 }, rand);
    const sorted = scores
      .map((s, i) => [s, i] as const)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1])
      .map(([, i]) => i);
    expect(topK(scores, 25)).toEqual(sorted.slice(0, 25));
  });
});
