/** Latency summary of the support-service load check, in microseconds (with the p95 the check reports). */
export interface LatencySummary {
  n: number;
  medianUs: number;
  p90Us: number;
  p95Us: number;
  p99Us: number;
  meanUs: number;
}

export function summarizeLatency(nanos: readonly bigint[]): LatencySummary {
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
