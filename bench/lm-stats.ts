/** Summary of per-call durations, in microseconds. */
export interface Summary {
  n: number;
  medianUs: number;
  p90Us: number;
  p95Us: number;
  p99Us: number;
  meanUs: number;
}

export function summarize(nanos: readonly bigint[]): Summary {
  const us = nanos.map((n) => Number(n) / 1000).sort((a, b) => a - b);
  const at = (q: number) => us[Math.min(us.length - 1, Math.floor(q * us.length))]!;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    n: us.length,
    medianUs: round(at(0.5)),
    p90Us: round(at(0.9)),
    p95Us: round(at(0.95)),
    p99Us: round(at(0.99)),
    meanUs: round(us.reduce((s, x) => s + x, 0) / us.length),
  };
}

/** Runs `fn` `n` times sequentially, returning each call's duration in ns. */
export async function timeSequential(n: number, fn: (i: number) => Promise<unknown>): Promise<bigint[]> {
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    out.push(process.hrtime.bigint() - t0);
  }
  return out;
}

/** Runs `total` calls with `workers` in flight at once; returns the wall time in ms. */
export async function timeConcurrent(
  total: number,
  workers: number,
  fn: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) await fn(next++);
    }),
  );
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
