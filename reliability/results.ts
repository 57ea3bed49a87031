import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@dspy-ts/core/provider-kit';

/** `RELIABILITY_SCALE=big` multiplies every workload (opt-in; the default fits a CI run of a few minutes). */
export const SCALE = process.env.RELIABILITY_SCALE === 'big' ? 5 : 1;

export const RESULTS_DIR = join(__dirname, '..', 'bench', 'results');

/** Writes one part's figures to bench/results/reliability.<part>.json (summarize.mjs joins them). */
export async function writeSection(part: string, figures: Record<string, unknown>): Promise<void> {
  const machine = {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  };
  const body = { part, scale: SCALE === 1 ? 'default' : 'big', date: new Date().toISOString(), machine, ...figures };
  await writeFileAtomic(join(RESULTS_DIR, `reliability.${part}.json`), `${JSON.stringify(body, null, 2)}\n`);
}

/** Samples the event loop every `everyMs`; `stop()` gives the longest stall beyond the interval. */
export function loopProbe(everyMs = 5): { stop(): Promise<number> } {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - everyMs);
    last = now;
  }, everyMs);
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, everyMs * 4));
      clearInterval(timer);
      return Math.round(worst * 10) / 10;
    },
  };
}

/** A deterministic generator (mulberry32) so a run's fault schedule can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
