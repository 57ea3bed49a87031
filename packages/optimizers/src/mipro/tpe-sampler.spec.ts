import { type TpeObservation, TpeSampler } from './tpe-sampler';

const space = { a: 4, b: 3 };

describe('TpeSampler', () => {
  it('samples uniformly during startup, deterministically for a seed', () => {
    const one = new TpeSampler({ seed: 1 });
    const two = new TpeSampler({ seed: 1 });
    const xs = Array.from({ length: 9 }, () => one.suggest(space, []));
    expect(xs).toEqual(Array.from({ length: 9 }, () => two.suggest(space, [])));
    expect(new Set(xs.map((x) => x.a)).size).toBeGreaterThan(1);
    for (const x of xs) expect(x.a >= 0 && x.a < 4 && x.b >= 0 && x.b < 3).toBe(true);
  });

  it('after startup, proposes mostly what scored best (l(x)/g(x) over good-trial samples)', () => {
    const history: TpeObservation[] = [];
    for (let round = 0; round < 2; round++)
      for (let a = 0; a < 4; a++)
        for (let b = 0; b < 3; b++) history.push({ params: { a, b }, value: a === 2 && b === 1 ? 100 : a * 5 + b });
    const tpe = new TpeSampler({ seed: 3 });
    const picks = Array.from({ length: 50 }, () => tpe.suggest(space, history));
    const counts = new Map<string, number>();
    for (const p of picks) counts.set(`${p.a},${p.b}`, (counts.get(`${p.a},${p.b}`) ?? 0) + 1);
    const [mode] = [...counts.entries()].sort((x, y) => y[1] - x[1])[0]!;
    expect(mode).toBe('2,1');
    expect(counts.get('2,1')!).toBeGreaterThanOrEqual(15); // uniform sampling would give ~4 of 50
  });

  it('replays: the same seed and history give the same suggestions', () => {
    const history: TpeObservation[] = Array.from({ length: 12 }, (_, i) => ({
      params: { a: i % 4, b: i % 3 },
      value: i,
    }));
    const x = new TpeSampler({ seed: 9 });
    const y = new TpeSampler({ seed: 9 });
    expect([x.suggest(space, history), x.suggest(space, history)]).toEqual([
      y.suggest(space, history),
      y.suggest(space, history),
    ]);
  });
});
