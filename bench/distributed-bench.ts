// Distributed evaluation on BullMQ + Redis: 1,000 examples at 200 ms fake-LM latency over 1, 2 and 4
// worker processes (worker concurrency 8, LM concurrency 8 each). Measures wall time and speed-up,
// coordinator CPU time per job, Redis memory per 1,000 stored results, and the CPU time every
// process used (to show where a 2-core machine stops scaling).
//
//   npx tsc -b && cd bench && npm run distributed      # EXAMPLES, LATENCY_MS, WORKERS=1,2,4 to change
//
// Processes: redis-server (OS package, loopback, temp dir, no persistence), the fake LM server (its
// own child), N workers (the compiled test fixture packages/bullmq/dist/test/fixtures/worker-main.js:
// OpenAICompatibleLM over HTTP), and this process as the coordinator (DistributedEvaluate).
import 'reflect-metadata';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Evaluate, Example, withSettings } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import { DistributedEvaluate } from '@dspy-ts/bullmq';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { answerMatches, QA } from '../packages/bullmq/dist/test/support/qa-program';

const EXAMPLES = Number(process.env.EXAMPLES ?? 1000);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 200);
const WORKER_COUNTS = (process.env.WORKERS ?? '1,2,4').split(',').map(Number);
const PER_WORKER = 8;
const WORKER_MAIN = join(__dirname, '../packages/bullmq/dist/test/fixtures/worker-main.js');
const CLK_TCK = 100; // /proc/<pid>/stat times are in clock ticks (100 Hz on Linux x86-64)

function machine(): Record<string, unknown> {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = execSync("grep -m1 'model name' /proc/cpuinfo").toString().split(':')[1]!.trim();
  } catch {
    /* not Linux */
  }
  const redisVersion = execSync('redis-server --version').toString().trim();
  return {
    node: process.version,
    cpu,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    redis: redisVersion,
    loadavgAtStart: execSync('cat /proc/loadavg').toString().trim(),
    date: new Date().toISOString(),
  };
}

/** CPU seconds (user + system) a process used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14, 15 of stat)
}

/** Time each completed job spent in a worker, from BullMQ's processedOn / finishedOn. */
async function jobTimes(url: string, queueName: string): Promise<{ median: number; sum: number }> {
  const queue = new Queue(queueName, { connection: { url } });
  try {
    const jobs = await queue.getJobs(['completed'], 0, -1);
    const ms = jobs.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0)).sort((a, b) => a - b);
    return { median: ms[Math.floor(ms.length / 2)] ?? 0, sum: ms.reduce((s, x) => s + x, 0) };
  } finally {
    await queue.close();
  }
}

/** Sum of `MEMORY USAGE` of every key (SCAN). */
async function keysMemory(redis: Redis): Promise<number> {
  let cursor = '0';
  let total = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) total += Number((await redis.memory('USAGE', key, 'SAMPLES', 0)) ?? 0);
  } while (cursor !== '0');
  return total;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startChild(
  cmd: string,
  args: string[],
  ready: RegExp,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${out}`)), 30_000);
    const on = (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.once('exit', (code) => reject(new Error(`${cmd} exited with ${code}: ${out}`)));
  });
  return { child, line };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

interface LocalRow {
  inFlight: number;
  wallMs: number;
  idealMs: number;
  score: number;
}

interface Row {
  workers: number;
  wallMs: number;
  idealMs: number;
  speedUp: number;
  jobsPerSecond: number;
  score: number;
  perWorker: Record<string, number>;
  coordinatorCpuMsPerJob: number;
  redisBytesPer1000Results: number;
  /** Sum of `MEMORY USAGE` over every key after the run (what stays stored; no allocator or buffer noise). */
  redisKeyBytesPer1000Results: number;
  /** Median of finishedOn − processedOn (BullMQ's own timestamps): the time a job spent in a worker. */
  inWorkerMsMedian: number;
  /** Σ(time in a worker) / wall time: how many jobs were being worked on at once, on average (ideal workers × 8). */
  meanJobsInFlight: number;
  cpuSeconds: { coordinator: number; workers: number; redis: number; fakeLm: number; total: number };
}

async function main(): Promise<void> {
  if (process.env.RENDER_ONLY) {
    // Re-renders results/distributed.md from results/distributed.json (no run).
    const saved = JSON.parse(readFileSync(join(__dirname, 'results/distributed.json'), 'utf8'));
    writeFileSync(join(__dirname, 'results/distributed.md'), render(saved));
    return;
  }
  const info = machine();
  const dir = mkdtempSync(join(tmpdir(), 'dspy-ts-bench-redis-'));
  const port = await freePort();
  const redisProc = await startChild(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    /Ready to accept connections/,
  );
  const url = `redis://127.0.0.1:${port}`;
  const fake = await startChild(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'distributed-fake-lm.ts'), String(LATENCY_MS)],
    /\{.*\}\n/,
  );
  const { baseURL } = JSON.parse(fake.line) as { baseURL: string };
  const admin = new Redis(url);
  const devset = Array.from({ length: EXAMPLES }, (_, i) =>
    new Example({ question: `What is ${i} + ${i + 1}?`, answer: String(2 * i + 1) }).withInputs('question'),
  );
  const rows: Row[] = [];
  const local: LocalRow[] = [];
  try {
    // The same examples with core's Evaluate in this one process (no Redis, no workers), as many in
    // flight as the distributed runs: what this machine does without distribution.
    for (const n of WORKER_COUNTS) {
      const inFlight = n * PER_WORKER;
      const lm = new OpenAICompatibleLM({
        model: 'fake',
        baseURL,
        apiKey: 'sk-test',
        cache: false,
        maxConcurrency: inFlight,
      });
      const t0 = performance.now();
      const result = await withSettings({ lm }, () =>
        new Evaluate({ devset, metric: answerMatches, concurrency: inFlight, progress: false }).run(new QA()),
      );
      const wallMs = performance.now() - t0;
      if (result.totals.errors !== 0) throw new Error(`local run: ${result.totals.errors} errors`);
      local.push({
        inFlight,
        wallMs: Math.round(wallMs),
        idealMs: Math.round((EXAMPLES * LATENCY_MS) / inFlight),
        score: result.score,
      });
      process.stderr.write(`local Evaluate, ${inFlight} in flight: ${Math.round(wallMs)} ms\n`);
    }
    for (const n of WORKER_COUNTS) {
      await admin.flushall();
      const queueName = `bench-${n}`;
      const workers = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          startChild(process.execPath, [WORKER_MAIN], /ready \S+/, {
            REDIS_URL: url,
            QUEUE: queueName,
            LM_BASE_URL: baseURL,
            WORKER_ID: `w${i}`,
            CONCURRENCY: String(PER_WORKER),
            LM_CONCURRENCY: String(PER_WORKER),
          }),
        ),
      );
      const memBefore = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
      const cpuBefore = {
        workers: workers.reduce((s, w) => s + cpuSeconds(w.child.pid!), 0),
        redis: cpuSeconds(redisProc.child.pid!),
        fakeLm: cpuSeconds(fake.child.pid!),
      };
      const selfBefore = process.cpuUsage();
      const t0 = performance.now();
      const result = await new DistributedEvaluate({
        connection: url,
        queueName,
        devset,
        metric: 'answerMatches',
        progress: false,
        rolloutId: `bench-${n}-${Date.now()}`,
      }).run(new QA());
      const wallMs = performance.now() - t0;
      const self = process.cpuUsage(selfBefore);
      const coordinator = (self.user + self.system) / 1e6;
      const cpu = {
        coordinator,
        workers: workers.reduce((s, w) => s + cpuSeconds(w.child.pid!), 0) - cpuBefore.workers,
        redis: cpuSeconds(redisProc.child.pid!) - cpuBefore.redis,
        fakeLm: cpuSeconds(fake.child.pid!) - cpuBefore.fakeLm,
        total: 0,
      };
      cpu.total = cpu.coordinator + cpu.workers + cpu.redis + cpu.fakeLm;
      await Promise.all(workers.map((w) => stop(w.child)));
      // After the workers left, so their client buffers are not counted.
      const memAfter = Number(/used_memory:(\d+)/.exec(await admin.info('memory'))![1]);
      const keyBytes = await keysMemory(admin);
      const inWorker = await jobTimes(url, queueName);
      if (result.rows.length !== EXAMPLES || result.totals.errors !== 0)
        throw new Error(`run with ${n} workers: ${result.rows.length} rows, ${result.totals.errors} errors`);
      const idealMs = (EXAMPLES * LATENCY_MS) / (n * PER_WORKER);
      rows.push({
        workers: n,
        wallMs: Math.round(wallMs),
        idealMs: Math.round(idealMs),
        speedUp: 0,
        jobsPerSecond: Math.round((EXAMPLES / wallMs) * 1000 * 10) / 10,
        score: result.score,
        perWorker: result.workers,
        coordinatorCpuMsPerJob: Math.round(((coordinator * 1000) / EXAMPLES) * 1000) / 1000,
        redisBytesPer1000Results: Math.round(((memAfter - memBefore) / EXAMPLES) * 1000),
        redisKeyBytesPer1000Results: Math.round((keyBytes / EXAMPLES) * 1000),
        inWorkerMsMedian: inWorker.median,
        meanJobsInFlight: Math.round((inWorker.sum / wallMs) * 10) / 10,
        cpuSeconds: Object.fromEntries(
          Object.entries(cpu).map(([k, v]) => [k, Math.round(v * 100) / 100]),
        ) as Row['cpuSeconds'],
      });
      process.stderr.write(`${n} worker(s): ${Math.round(wallMs)} ms (ideal ${Math.round(idealMs)} ms)\n`);
    }
  } finally {
    admin.disconnect();
    await stop(fake.child);
    await stop(redisProc.child, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  const base = rows.find((r) => r.workers === 1)?.wallMs ?? rows[0]!.wallMs;
  for (const r of rows) r.speedUp = Math.round((base / r.wallMs) * 100) / 100;
  for (const r of rows) {
    const same = local.find((l) => l.inFlight === r.workers * PER_WORKER);
    if (same && same.score !== r.score) throw new Error(`scores differ: local ${same.score}, distributed ${r.score}`);
  }
  const out = {
    machine: info,
    examples: EXAMPLES,
    latencyMs: LATENCY_MS,
    perWorkerConcurrency: PER_WORKER,
    rows,
    local,
  };
  writeFileSync(join(__dirname, 'results/distributed.json'), JSON.stringify(out, null, 2) + '\n');
  writeFileSync(join(__dirname, 'results/distributed.md'), render(out));
  process.stdout.write(render(out));
}

function render(r: {
  local: LocalRow[];
  machine: Record<string, unknown>;
  examples: number;
  latencyMs: number;
  perWorkerConcurrency: number;
  rows: Row[];
}): string {
  const m = r.machine;
  const lines = [
    `# Distributed evaluation (BullMQ + Redis)`,
    '',
    `${r.examples} examples, fake LM latency ${r.latencyMs} ms, each worker process: worker concurrency ${r.perWorkerConcurrency}, LM concurrency ${r.perWorkerConcurrency}.`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}, ${m.redis}; load average at start ${m.loadavgAtStart}; ${m.date}.`,
    '',
    '| workers | wall (ms) | ideal (ms) | speed-up vs 1 | jobs/s | coordinator CPU / job (ms) | Redis used_memory Δ / 1,000 results | Redis key bytes / 1,000 results | median ms in a worker | mean jobs in flight | CPU s: coordinator / workers / redis / fake LM |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...r.rows.map(
      (x) =>
        `| ${x.workers} | ${x.wallMs} | ${x.idealMs} | ×${x.speedUp} | ${x.jobsPerSecond} | ${x.coordinatorCpuMsPerJob} | ${x.redisBytesPer1000Results.toLocaleString('en-US')} | ${x.redisKeyBytesPer1000Results.toLocaleString('en-US')} | ${x.inWorkerMsMedian} | ${x.meanJobsInFlight} | ${x.cpuSeconds.coordinator} / ${x.cpuSeconds.workers} / ${x.cpuSeconds.redis} / ${x.cpuSeconds.fakeLm} |`,
    ),
    '',
    "Baseline in the same run: core's `Evaluate` in this one process (no Redis, no workers), as many examples in flight:",
    '',
    '| in flight | wall (ms) | ideal (ms) |',
    '|---:|---:|---:|',
    ...r.local.map((l) => `| ${l.inFlight} | ${l.wallMs} | ${l.idealMs} |`),
    '',
    "Ideal = examples × latency / (workers × 8). Coordinator CPU / job = this process's user + system CPU time during `run()` / examples.",
    'Redis used_memory Δ = `INFO memory` used_memory after the run (workers stopped) − before it; key bytes = the sum of `MEMORY USAGE` over every key after the run',
    "(finished jobs with their stored rows, the queue's event stream, the program state). Both are scaled to 1,000 results.",
    '',
  ];
  return lines.join('\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
