import { Semaphore } from './concurrency';

describe('Semaphore', () => {
  it('lets at most `max` holders in and serves waiters in order', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const p3 = s.acquire().then((r) => (order.push(3), r));
    const p4 = s.acquire().then((r) => (order.push(4), r));
    expect(s.inUse).toBe(2);
    expect(s.queued).toBe(2);
    r1();
    r1(); // a second release is ignored
    const r3 = await p3;
    expect(order).toEqual([3]);
    r2();
    const r4 = await p4;
    expect(order).toEqual([3, 4]);
    r3();
    r4();
    expect(s.inUse).toBe(0);
  });

  it('drops a waiter whose signal aborts', async () => {
    const s = new Semaphore(1);
    const r1 = await s.acquire();
    const ac = new AbortController();
    const waiting = s.acquire(ac.signal);
    ac.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(s.queued).toBe(0);
    r1();
    expect(s.inUse).toBe(0);
  });

  it('rejects sizes below 1', () => {
    expect(() => new Semaphore(0)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
