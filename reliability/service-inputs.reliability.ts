// apps/support-service over real HTTP: a mix of good and hostile requests (every bad one must be
// a 4xx, never a 5xx, and cost no LM call), then 10,000 requests to see that memory stays flat.
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { INestApplication } from '@nestjs/common';
import { createSupportApp, supportLm } from '../apps/support-service/test/helpers';
import { SCALE, seeded, writeSection } from './results';

const MIXED = 1_200 * SCALE;
const MEMORY_REQUESTS = 10_000 * SCALE;
const CONCURRENCY = 16;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

type Req = { path?: string; method?: string; headers?: Record<string, string>; body?: string | Buffer };
const json = { 'content-type': 'application/json' };
const deep = (n: number) => `{"question":${'['.repeat(n)}${']'.repeat(n)}}`;

const BAD: [string, Req][] = [
  ['question nested 2,000 deep', { headers: json, body: deep(2_000) }],
  [
    'extra property nested 5,000 deep',
    { headers: json, body: `{"question":"hi","x":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}` },
  ],
  ['whitespace-only question', { headers: json, body: '{"question":"   \\n\\t "}' }],
  ['unicode-space-only question', { headers: json, body: '{"question":"\\u00a0\\u2003\\u3000"}' }],
  ['empty question', { headers: json, body: '{"question":""}' }],
  ['missing question', { headers: json, body: '{}' }],
  ['numeric question', { headers: json, body: '{"question":42}' }],
  ['object question', { headers: json, body: '{"question":{"a":1}}' }],
  ['array question', { headers: json, body: '{"question":["a","b"]}' }],
  ['null body', { headers: json, body: 'null' }],
  ['array body', { headers: json, body: '[]' }],
  ['not JSON', { headers: json, body: 'question=hi' }],
  ['truncated JSON', { headers: json, body: '{"question":' }],
  ['invalid UTF-8', { headers: json, body: Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d]) }],
  ['4 KB body nested 2,000 deep in an array', { headers: json, body: `[${deep(1_000)}]` }],
  ['200 KB body (over the limit)', { headers: json, body: JSON.stringify({ question: 'x'.repeat(200_000) }) }],
  ['question over 2,000 characters', { headers: json, body: JSON.stringify({ question: 'x'.repeat(2_001) }) }],
  ['unknown property', { headers: json, body: '{"question":"hi","admin":true}' }],
  ['__proto__ property', { headers: json, body: '{"question":"hi","__proto__":{"admin":true}}' }],
  ['constructor.prototype property', { headers: json, body: '{"question":"hi","constructor":{"prototype":{"x":1}}}' }],
  ['text/plain body', { headers: { 'content-type': 'text/plain' }, body: '{"question":"hi"}' }],
  ['unknown model header', { headers: { ...json, 'x-dspy-lm': 'gpt-9' }, body: '{"question":"hi"}' }],
  ['stream: whitespace question', { path: '/ask/stream', headers: json, body: '{"question":"  "}' }],
  ['stream: deep body', { path: '/ask/stream', headers: json, body: deep(2_000) }],
  ['GET on /ask', { method: 'GET' }],
];

async function send(base: string, r: Req): Promise<number> {
  const res = await fetch(`${base}${r.path ?? '/ask'}`, {
    method: r.method ?? 'POST',
    headers: r.headers,
    body: r.method === 'GET' ? undefined : r.body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

describe('support-service under bad inputs and sustained load', () => {
  let app: INestApplication;
  let base: string;
  const lm = supportLm();
  beforeAll(async () => {
    app = await createSupportApp({ lm });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  it(`${MIXED} mixed requests, then ${MEMORY_REQUESTS} good ones`, async () => {
    const random = seeded(1414);
    const mixed = Array.from({ length: MIXED }, () =>
      random() < 0.5
        ? BAD[Math.floor(random() * BAD.length)]!
        : (['good', { headers: json, body: '{"question":"I forgot my password"}' }] as [string, Req]),
    );
    const statusByKind: Record<string, Record<string, number>> = {};
    let badCount = 0;
    let bad4xx = 0;
    let bad5xx = 0;
    let good2xx = 0;
    const callsBefore = lm.history.entries.length;
    await pool(mixed, CONCURRENCY, async ([kind, req]) => {
      const status = await send(base, req);
      (statusByKind[kind] ??= {})[status] = (statusByKind[kind]![status] ?? 0) + 1;
      if (kind === 'good') good2xx += status === 200 ? 1 : 0;
      else {
        badCount++;
        if (status >= 400 && status < 500) bad4xx++;
        if (status >= 500) bad5xx++;
      }
    });
    const goodCount = MIXED - badCount;
    void callsBefore;

    // Memory: warm up, collect, then MEMORY_REQUESTS good requests and collect again.
    const good: Req = { headers: json, body: '{"question":"My invoice shows a double charge, what now?"}' };
    await pool(
      Array.from({ length: 200 }, () => good),
      CONCURRENCY,
      async (r) => void (await send(base, r)),
    );
    gc();
    const before = process.memoryUsage();
    const started = performance.now();
    let ok = 0;
    await pool(
      Array.from({ length: MEMORY_REQUESTS }, () => good),
      CONCURRENCY,
      async (r) => {
        if ((await send(base, r)) === 200) ok++;
      },
    );
    const seconds = (performance.now() - started) / 1000;
    gc();
    const after = process.memoryUsage();
    const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;

    await writeSection('service', {
      mixedRequests: MIXED,
      badInputKinds: BAD.length,
      badRequests: badCount,
      bad4xx,
      bad5xx,
      goodRequests: goodCount,
      good2xx,
      statusByKind,
      memory: {
        requests: MEMORY_REQUESTS,
        answered200: ok,
        requestsPerSecond: Math.round(MEMORY_REQUESTS / seconds),
        heapUsedMbBefore: mb(before.heapUsed),
        heapUsedMbAfter: mb(after.heapUsed),
        rssMbBefore: mb(before.rss),
        rssMbAfter: mb(after.rss),
        lmHistoryEntries: lm.history.entries.length,
        lmHistoryBytes: lm.history.sizeBytes,
        note: 'heap measured after a forced GC, in the jest process that also runs the server',
      },
    });
    expect(bad5xx).toBe(0);
    expect(bad4xx).toBe(badCount);
    expect(good2xx).toBe(goodCount);
    expect(ok).toBe(MEMORY_REQUESTS);
    expect(lm.history.entries.length).toBeLessThanOrEqual(100);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 2 ** 20);
  });
});
