// Flaky LM servers on both wires: every kind of transient fault injected at random into real
// client traffic (OllamaLM over the `ollama` client, OpenAICompatibleLM over fetch), through
// Predict + ChatAdapter + Evaluate. Counts rows lost, duplicated and mis-attributed, and greps
// every byte the run produced (errors, inspect, history, cache files, a saved program) for the
// configured secrets.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type BaseLM, Evaluate, Example, LmCache, Predict } from '@dspy-ts/core';
import { OllamaLM } from '@dspy-ts/ollama';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import { type FakeFailure, FakeOllamaServer, FakeOpenAIServer, type RecordedRequest } from '@dspy-ts/testing';
import { SCALE, seeded, writeSection } from './results';

const ROWS = 200 * SCALE;
const FAULT_RATE = 0.3;
const PASSWORD = 'pw-HUNTER2-reliability';
const HEADER_SECRET = 'hdr-SECRET-4c1d9e';
const BASIC = Buffer.from(`admin:${PASSWORD}`).toString('base64');
const SECRETS = [PASSWORD, HEADER_SECRET, BASIC];

const PASS: FakeFailure = { kind: 'slow', ms: 0 };
/** The transient faults, equally likely; the 500 echoes every secret back, as a careless proxy would. */
const FAULTS: { name: string; failure: FakeFailure }[] = [
  { name: 'garbled 200 body', failure: { kind: 'garbled' } },
  { name: 'hung connection', failure: { kind: 'hang' } },
  { name: 'slow reply (past the attempt timeout)', failure: { kind: 'slow', ms: 1_500 } },
  { name: 'TCP reset', failure: { kind: 'reset' } },
  { name: 'connection dropped', failure: { kind: 'drop' } },
  {
    name: '500 echoing the credentials',
    failure: {
      status: 500,
      body: { error: `upstream refused Authorization: Basic ${BASIC} (admin:${PASSWORD}) api-key ${HEADER_SECRET}` },
    },
  },
  {
    name: '429 with Retry-After',
    failure: { status: 429, headers: { 'retry-after-ms': '20' }, body: { error: 'slow down' } },
  },
  { name: '503 overloaded', failure: { status: 503, body: { error: 'overloaded' } } },
];

/** Echoes the row's question so a mis-attributed answer is seen. */
function answerFor(request: RecordedRequest): { content: string } {
  const messages = (request.body?.messages ?? []) as { content: string }[];
  const last = String(messages.at(-1)?.content ?? '');
  const q = /\[\[ ## question ## \]\]\n([^\n]*)/.exec(last)?.[1] ?? '?';
  return { content: `[[ ## answer ## ]]\nA:${q}\n\n[[ ## completed ## ]]` };
}

async function runWire(
  wire: 'ollama' | 'openai',
  cacheDir: string,
  saveDir: string,
): Promise<{ figures: Record<string, unknown>; texts: string[] }> {
  const server = wire === 'ollama' ? new FakeOllamaServer() : new FakeOpenAIServer();
  await server.start();
  const random = seeded(wire === 'ollama' ? 14 : 41);
  const schedule = Array.from({ length: ROWS * 8 }, () =>
    random() < FAULT_RATE ? FAULTS[Math.floor(random() * FAULTS.length)]! : undefined,
  );
  for (const f of schedule) server.failNext(f?.failure ?? PASS);
  server.script.respondWith(answerFor);

  const common = {
    model: 'm',
    cache: new LmCache({ dir: cacheDir }),
    timeoutMs: 20_000,
    retry: { initialDelayMs: 20, maxDelayMs: 200, attemptTimeoutMs: 500 },
  };
  const url = server.url.replace('http://', `http://admin:${PASSWORD}@`);
  const lm: BaseLM =
    wire === 'ollama'
      ? new OllamaLM({ ...common, host: url, headers: { 'x-api-key': HEADER_SECRET } })
      : new OpenAICompatibleLM({ ...common, baseURL: `${url}/v1`, headers: { 'api-key': HEADER_SECRET } });

  const program = new Predict('question -> answer');
  program.lm = lm;
  const devset = Array.from({ length: ROWS }, (_, i) =>
    new Example({ question: `row-${wire}-${i}`, answer: `A:row-${wire}-${i}` }).withInputs('question'),
  );
  const started = performance.now();
  const result = await new Evaluate({
    devset,
    metric: (ex, pred) => ex.answer === pred.answer,
    concurrency: 16,
    maxErrors: Number.MAX_SAFE_INTEGER,
    progress: false,
  }).run(program);
  const wallMs = Math.round(performance.now() - started);

  const requests = server.requests.length;
  const injected: Record<string, number> = {};
  for (const f of schedule.slice(0, requests)) if (f) injected[f.name] = (injected[f.name] ?? 0) + 1;
  const lost = result.rows.filter((r) => r.prediction === undefined);
  const misattributed = result.rows.filter((r) => r.prediction !== undefined && r.score !== 1).length;
  const answers = result.rows.flatMap((r) => (r.prediction ? [(r.prediction as { answer: string }).answer] : []));
  const duplicated = answers.length - new Set(answers).size;
  const lostCodes: Record<string, number> = {};
  for (const r of lost) {
    const code = (r.error as { code?: string })?.code ?? 'unknown';
    lostCodes[code] = (lostCodes[code] ?? 0) + 1;
  }

  await program.save(join(saveDir, `${wire}.json`));
  const texts = [
    inspect(lm, { depth: 10 }),
    JSON.stringify(lm.history.entries),
    lm.inspectHistory(50),
    JSON.stringify(result.toJSON()),
    ...lost.flatMap((r) => [String(r.error), (r.error as Error)?.stack ?? '', inspect(r.error, { depth: 10 })]),
  ];
  (common.cache as LmCache).close();
  await server.close();
  return {
    figures: {
      rows: ROWS,
      requests,
      faultsInjected: Object.values(injected).reduce((a, b) => a + b, 0),
      faultsByKind: injected,
      rowsLost: lost.length,
      rowsLostByCode: lostCodes,
      rowsDuplicated: duplicated,
      rowsMisattributed: misattributed,
      wallMs,
    },
    texts,
  };
}

describe('LM clients under injected faults', () => {
  it(`${ROWS} rows per wire at ${FAULT_RATE * 100}% faults: retried, attributed, no secret anywhere`, async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'reliability-cache-'));
    const saveDir = mkdtempSync(join(tmpdir(), 'reliability-save-'));
    try {
      const ollama = await runWire('ollama', cacheDir, saveDir);
      const openai = await runWire('openai', cacheDir, saveDir);
      const files = [cacheDir, saveDir].flatMap((d) =>
        readdirSync(d).map((f) => readFileSync(join(d, f)).toString('latin1')),
      );
      const everything = [...ollama.texts, ...openai.texts, ...files].join('\n');
      const secretHits = SECRETS.map((s) => everything.split(s).length - 1).reduce((a, b) => a + b, 0);
      await writeSection('lm-faults', {
        faultRate: FAULT_RATE,
        retry: 'maxRetries 3 (default), attemptTimeoutMs 500, backoff 20-200 ms',
        ollama: ollama.figures,
        openai: openai.figures,
        secretsConfigured: ['URL password', 'Basic credentials', 'custom header value'],
        bytesScannedForSecrets: everything.length,
        secretOccurrences: secretHits,
      });
      expect(secretHits).toBe(0);
      for (const wire of [ollama, openai]) {
        expect(wire.figures.rowsDuplicated).toBe(0);
        expect(wire.figures.rowsMisattributed).toBe(0);
        // 30% faults and 4 attempts: about 0.8% of rows exhaust their retries.
        expect(wire.figures.rowsLost as number).toBeLessThanOrEqual(Math.ceil(ROWS * 0.05));
      }
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
      rmSync(saveDir, { recursive: true, force: true });
    }
  });
});
