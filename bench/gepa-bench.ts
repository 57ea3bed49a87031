// GEPA, dspy-ts vs Python DSPy 3.4.1, on 100 train / 100 val examples against FakeIdeaServer with
// 50 ms latency, the same metric-call budget, seed and thread count. Each optimizer runs in its own
// child process (clean peak RSS); each gets a fresh server child (same scripted reflection replies).
// Writes results/gepa-bench.{json,md}.
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const LATENCY = Number(process.env.LATENCY ?? 50);
const BUDGET = Number(process.env.BUDGET ?? 800);
const THREADS = Number(process.env.THREADS ?? 16);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const PYTHON = process.env.DSPY_PYTHON ?? '/work/venv-dspy/bin/python';
const SPECULATE = process.env.SPECULATE !== '0';
const OUT = process.env.OUT ?? 'gepa-bench';
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

const word = (i: number) => {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let s = '';
  for (let n = i + 27; n > 0; n = Math.floor(n / 26)) s += letters[n % 26];
  return `${s}${letters[(i * 7) % 26]}${letters[(i * 11) % 26]}`;
};
const rows = (from: number) =>
  Array.from({ length: 100 }, (_, i) => ({ word: word(from + i), answer: [...word(from + i)].reverse().join('') }));

function lines(child: ChildProcess): AsyncIterator<string> {
  return createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
}

async function runOnce(kind: 'dspy-ts' | 'dspy') {
  const server = spawn('node', [...TS_NODE, join(__dirname, 'gepa-fake-server.ts'), String(LATENCY)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const out = lines(server);
  const { baseURL } = JSON.parse((await out.next()).value);
  const args = JSON.stringify({
    baseURL,
    train: rows(0),
    val: rows(100),
    budget: BUDGET,
    threads: THREADS,
    speculate: SPECULATE,
  });
  const child =
    kind === 'dspy-ts'
      ? spawn('node', [join(__dirname, 'gepa-bench-ts.js'), args], { stdio: ['ignore', 'pipe', 'inherit'] })
      : spawn(PYTHON, [join(__dirname, 'gepa_dspy.py'), args], { stdio: ['ignore', 'pipe', 'ignore'] });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  await new Promise((resolve) => child.on('exit', resolve));
  const result = JSON.parse(text.trim().split('\n').pop()!);
  server.kill('SIGTERM');
  const { stats } = JSON.parse((await out.next()).value);
  return {
    ...result,
    lmCalls: stats.taskCalls + stats.promptCalls,
    taskCalls: stats.taskCalls,
    reflectionCalls: stats.promptCalls,
  };
}

async function main(): Promise<void> {
  const runs: Record<string, any[]> = { 'dspy-ts': [], dspy: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const kind of ['dspy-ts', 'dspy'] as const) {
      const res = await runOnce(kind);
      runs[kind]!.push(res);
      console.log(kind, JSON.stringify(res));
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const summary = Object.fromEntries(
    Object.entries(runs).map(([k, v]) => [
      k,
      {
        wallMs: median(v.map((x) => x.wallMs)),
        lmCalls: median(v.map((x) => x.lmCalls)),
        metricCalls: median(v.map((x) => x.metricCalls)),
        peakRssMb: median(v.map((x) => x.peakRssMb)),
        bestScore: v[0].bestScore,
        ranAhead: v[0].ranAhead ?? 0,
        speculativeEvals: v[0].speculativeEvals ?? 0,
        candidates: v[0].candidates,
      },
    ]),
  );
  const ratio = summary['dspy-ts']!.wallMs / summary.dspy!.wallMs;
  const machine = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length };
  const settings = {
    latencyMs: LATENCY,
    maxMetricCalls: BUDGET,
    threads: THREADS,
    rounds: ROUNDS,
    train: 100,
    val: 100,
  };
  writeFileSync(
    join(__dirname, `results/${OUT}.json`),
    `${JSON.stringify({ machine, settings, runs, summary, ratio }, null, 2)}\n`,
  );
  const row = (k: string) => {
    const s = summary[k]!;
    return `| ${k} | ${(s.wallMs / 1000).toFixed(2)} s | ${s.lmCalls} | ${s.metricCalls} | ${s.peakRssMb.toFixed(0)} MB | ${s.candidates} | ${s.bestScore} |`;
  };
  const md = `# GEPA: dspy-ts vs Python DSPy 3.4.1

\`cd bench && node -r ts-node/register/transpile-only gepa-bench.ts\` (after \`npx tsc -b\` at the root).
100 train / 100 val examples ("reverse the word"), FakeIdeaServer at ${LATENCY} ms latency, maxMetricCalls ${BUDGET},
seed 0, ${THREADS} threads on both sides, merge on, dspy-ts run-ahead ${SPECULATE ? 'on (default)' : 'off (SPECULATE=0)'}. Each run is a separate process (peak RSS of that process);
each gets a fresh server child with the same scripted reflection model (every 4th reflection proposes the idea).
Median of ${ROUNDS} interleaved runs.

| | wall time | LM calls | metric calls | peak RSS | candidates | best val score |
|---|---|---|---|---|---|---|
${row('dspy-ts')}
${row('dspy')}

dspy-ts / DSPy wall time: **${ratio.toFixed(2)}×** (target ≤ 0.5×). Every run (wall time, s):
dspy-ts ${runs['dspy-ts']!.map((r) => (r.wallMs / 1000).toFixed(2)).join(', ')}; DSPy ${runs.dspy!.map((r) => (r.wallMs / 1000).toFixed(2)).join(', ')}.
dspy-ts ran ${summary['dspy-ts']!.ranAhead} of its iterations' minibatches ahead (after skipped iterations; same result,
${summary['dspy-ts']!.speculativeEvals} rollouts discarded). Both reach the same candidates with the same LM calls: the reflection
requests are byte-identical, so the scripted reflection model answers both the same way.

Machine: Node ${machine.node}, ${machine.cpu}, ${machine.cores} cores, shared with other jobs (load average ${loadavg()[0]!.toFixed(1)} when it finished; timings are noisy).
`;
  writeFileSync(join(__dirname, `results/${OUT}.md`), md);
  console.log(md);
}

void main();
