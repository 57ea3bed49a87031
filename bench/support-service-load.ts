/**
 * Load check of apps/support-service (not a test): requests per second and latency of POST /ask
 * with a zero-latency fake LM, and the service's overhead over calling the program directly.
 * The service runs in a child process (support-service-server.ts); this process is the client.
 *
 *   npx tsc -b && cd bench && node -r ts-node/register/transpile-only support-service-load.ts   # writes results/support-service-load.{json,md}
 *   REQUESTS=1200 node -r ts-node/register/transpile-only support-service-load.ts               # quicker
 */
import { spawn } from 'node:child_process';
import { execSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Summary, summarize as summarizeLatency } from './lm-stats';

const REQUESTS = Number(process.env.REQUESTS ?? 6000);
const CONCURRENCY = [1, 8, 32, 64];
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const BODY = JSON.stringify({ question: 'Where is my order? It has been a week.' });

interface LoadResult {
  concurrency: number;
  requests: number;
  errors: number;
  rps: number;
  latency: Summary;
}

function post(agent: Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(BODY);
  });
}

/** `total` requests, `concurrency` at a time over keep-alive connections. */
async function load(port: number, path: string, concurrency: number, total: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const times: bigint[] = [];
  let next = 0;
  let errors = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) {
        const s = process.hrtime.bigint();
        if ((await post(agent, port, path)) !== 200) errors++;
        times.push(process.hrtime.bigint() - s);
      }
    }),
  );
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  agent.destroy();
  return {
    concurrency,
    requests: total,
    errors,
    rps: Math.round((total / wallMs) * 1000),
    latency: summarizeLatency(times),
  };
}

function medianRun(runs: LoadResult[]): LoadResult {
  return [...runs].sort((a, b) => a.rps - b.rps)[Math.floor(runs.length / 2)]!;
}

async function startServer(): Promise<{
  port: number;
  floorPort: number;
  direct: { program: Summary; service: Summary };
  stop: () => void;
}> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'support-service-server.ts')],
    {
      cwd: __dirname,
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`support-service-server exited with ${code}`)));
  });
  return { ...JSON.parse(line), stop: () => child.kill('SIGTERM') };
}

function machine(): string {
  let cpu = 'unknown CPU';
  try {
    cpu = execSync("grep -m1 'model name' /proc/cpuinfo").toString().split(':')[1]!.trim();
  } catch {}
  return `Node ${process.version}, ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform} ${process.arch}; load average at the end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ')} (shared machine)`;
}

async function main(): Promise<void> {
  const server = await startServer();
  try {
    await load(server.port, '/ask', 8, Math.ceil(REQUESTS / 6)); // warm-up: JIT, sockets
    await load(server.floorPort, '/', 8, Math.ceil(REQUESTS / 6));
    // Interleaved rounds, the median run per level reported: the machine is shared, single runs are noisy.
    const runs = new Map<number, LoadResult[]>();
    const floors: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of CONCURRENCY)
        runs.set(c, [...(runs.get(c) ?? []), await load(server.port, '/ask', c, c === 1 ? REQUESTS / 3 : REQUESTS)]);
      floors.push(await load(server.floorPort, '/', 1, REQUESTS / 3));
    }
    const results = CONCURRENCY.map((c) => medianRun(runs.get(c)!));
    const floor = medianRun(floors);
    const report = {
      machine: machine(),
      date: new Date().toISOString(),
      requests: REQUESTS,
      rounds: ROUNDS,
      direct: server.direct,
      floor,
      results,
      allRuns: Object.fromEntries(runs),
    };
    writeFileSync(join(__dirname, 'results', 'support-service-load.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(__dirname, 'results', 'support-service-load.md'), markdown(report));
    process.stdout.write(markdown(report));
  } finally {
    server.stop();
  }
}

function markdown(r: {
  machine: string;
  date: string;
  requests: number;
  rounds: number;
  direct: { program: Summary; service: Summary };
  floor: LoadResult;
  results: LoadResult[];
}): string {
  const ms = (us: number) => (us / 1000).toFixed(2);
  const c1 = r.results.find((x) => x.concurrency === 1)!;
  const rows = r.results.map(
    (x) =>
      `| ${x.concurrency} | ${x.requests} | ${x.errors} | ${x.rps} | ${ms(x.latency.medianUs)} | ${ms(x.latency.p90Us)} | ${ms(x.latency.p95Us)} |`,
  );
  return [
    '# support-service load check',
    '',
    `Machine: ${r.machine}. Run ${r.date}.`,
    'Command: `npx tsc -b && cd bench && node -r ts-node/register/transpile-only support-service-load.ts`. The service (real AppModule: validation pipe, request-context',
    'interceptor, exception filter, compiled SupportBot, BM25 knowledge base) runs in a child process with a zero-latency fake LM',
    '(3 LM calls per question: understand, draft, check); the client is this process, over keep-alive HTTP on 127.0.0.1.',
    `Each level ran ${r.rounds} times, interleaved; the run with the median requests/s is shown (all runs are in the .json).`,
    "Client and server share the machine's cores, so these are lower bounds for a dedicated server.",
    '',
    '## POST /ask',
    '',
    '| concurrency | requests | non-200 | requests/s | p50 ms | p90 ms | p95 ms |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    '## Overhead over calling the program directly (sequential, medians)',
    '',
    '| layer | p50 ms | p95 ms | added over the program (p50) ms |',
    '|---|---:|---:|---:|',
    `| \`bot.call()\` in process (3 predictors, BM25, fake LM) | ${ms(r.direct.program.medianUs)} | ${ms(r.direct.program.p95Us)} | 0 |`,
    `| \`SupportService.ask()\` in process (+ usage tracking, response mapping) | ${ms(r.direct.service.medianUs)} | ${ms(r.direct.service.p95Us)} | ${ms(r.direct.service.medianUs - r.direct.program.medianUs)} |`,
    `| POST /ask over HTTP, concurrency 1 (+ Express, Nest, validation, interceptor, JSON) | ${ms(c1.latency.medianUs)} | ${ms(c1.latency.p95Us)} | ${ms(c1.latency.medianUs - r.direct.program.medianUs)} |`,
    `| HTTP floor: bare node:http JSON echo, concurrency 1 (same client and loopback) | ${ms(r.floor.latency.medianUs)} | ${ms(r.floor.latency.p95Us)} | |`,
    '',
    `The Nest service adds ${ms(c1.latency.medianUs - r.direct.program.medianUs)} ms at the median over the program itself, of which`,
    `${ms(r.floor.latency.medianUs)} ms is the HTTP round trip any server pays on this machine (the floor row).`,
    '',
  ].join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
