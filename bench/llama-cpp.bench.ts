/**
 * Benchmark (4): the embedded model (LlamaCppLM on node-llama-cpp, CPU) — prompt-evaluation and
 * generation tokens/s, and the time prefix reuse saves on a Predict program with 4 demos.
 *
 *   cd /work/main && npx tsc -b && bash scripts/fetch-model     # once
 *   cd bench && node -r ts-node/register/transpile-only llama-cpp.bench.ts
 *   ROUNDS=3 QUESTIONS=4 node -r ts-node/register/transpile-only llama-cpp.bench.ts   # quick run
 *
 * Writes results/llama-cpp.{json,md}. Env: DSPY_TS_MODEL (any .gguf; default the fetch-model one),
 * ROUNDS (interleaved rounds, 5), QUESTIONS (questions per round and variant, 8), THREADS
 * (comma-separated thread counts for the tokens/s table, "1,2"), OUT (results file stem).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ChatAdapter, type ChatMessage, Predict, signature, withSettings } from '@dspy-ts/core';
import { disposeLlamaCpp, type GenerationStats, LlamaCppLM } from '@dspy-ts/llama-cpp';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = num('ROUNDS', 5);
const QUESTIONS = num('QUESTIONS', 8);
const THREADS = (process.env.THREADS ?? '1,2').split(',').map(Number);
const OUT = process.env.OUT ?? 'llama-cpp';

const qa = signature('question -> answer');
const DEMOS = [
  { question: 'What is the capital of Spain?', answer: 'Madrid' },
  { question: 'What is the capital of Japan?', answer: 'Tokyo' },
  { question: 'What is the capital of Kenya?', answer: 'Nairobi' },
  { question: 'What is the capital of Canada?', answer: 'Ottawa' },
];
const COUNTRIES = [
  'France',
  'Italy',
  'Peru',
  'Egypt',
  'Norway',
  'Chile',
  'India',
  'Ghana',
  'Cuba',
  'Nepal',
  'Mali',
  'Laos',
];
const question = (i: number) => `What is the capital of ${COUNTRIES[i % COUNTRIES.length]}?`;
/** The exact prompt Predict sends: ChatAdapter's system message + 4 demos as turns + the question. */
const predictPrompt = (i: number): ChatMessage[] => new ChatAdapter().format(qa, DEMOS, { question: question(i) });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;

function machine() {
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch {
    // not Linux
  }
  return {
    node: process.version,
    cpu,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadavgAtStart: loadavg().map(round1),
  };
}

/** Prompt eval and generation speed at `threads`: a long prompt from scratch, then 128 generated tokens. */
async function throughput(modelPath: string | undefined, threads: number) {
  const lm = new LlamaCppLM({ modelPath, threads, cache: false, temperature: 0, prefixReuse: false });
  const t0 = performance.now();
  await lm.load();
  const loadMs = performance.now() - t0;
  const long: ChatMessage[] = [
    { role: 'user', content: `${'The quick brown fox jumps over the lazy dog. '.repeat(60)}\nSummarize.` },
  ];
  const story: ChatMessage[] = [{ role: 'user', content: 'Write a long story about a dragon who learns to cook.' }];
  const prompt: number[] = [];
  const gen: number[] = [];
  let promptTokens = 0;
  for (let r = 0; r < ROUNDS; r++) {
    await lm.call(long, { maxTokens: 1 });
    const s = lm.lastStats!;
    promptTokens = s.promptTokens;
    prompt.push((s.promptTokens / s.timeToFirstTokenMs) * 1000);
    await lm.call(story, { maxTokens: 129, extra: { prefixReuse: true } });
    const g = lm.lastStats!;
    // generationMs spans first → last token: completionTokens − 1 intervals
    gen.push(((g.completionTokens - 1) / g.generationMs) * 1000);
  }
  return {
    threads,
    loadMs: Math.round(loadMs),
    promptTokens,
    promptTokensPerS: round1(median(prompt)),
    generationTokensPerS: round1(median(gen)),
  };
}

interface VariantStats {
  ttftMs: number[];
  callMs: number[];
  predictMs: number[];
  promptTokens: number[];
  reusedTokens: number[];
}

/** The 4-demo Predict prompt with and without prefix reuse, interleaved round by round. */
async function prefixReuse(modelPath: string | undefined) {
  const lm = new LlamaCppLM({ modelPath, cache: false, temperature: 0, maxTokens: 24 });
  await lm.load();
  const variants: Record<'reuse' | 'noReuse', VariantStats> = {
    reuse: { ttftMs: [], callMs: [], predictMs: [], promptTokens: [], reusedTokens: [] },
    noReuse: { ttftMs: [], callMs: [], predictMs: [], promptTokens: [], reusedTokens: [] },
  };
  const predict = new Predict(qa);
  predict.demos = DEMOS.map((d) => ({ ...d }));
  await lm.call(predictPrompt(0)); // warm-up
  let q = 1;
  for (let r = 0; r < ROUNDS; r++) {
    const order: ('reuse' | 'noReuse')[] = r % 2 ? ['noReuse', 'reuse'] : ['reuse', 'noReuse'];
    for (const name of order) {
      const v = variants[name];
      const extra = { prefixReuse: name === 'reuse' };
      for (let i = 0; i < QUESTIONS; i++, q++) {
        // Raw LM call on Predict's exact prompt: time to first token isolates prompt evaluation.
        const t = performance.now();
        await lm.call(predictPrompt(q), { extra });
        v.callMs.push(performance.now() - t);
        const s: GenerationStats = lm.lastStats!;
        v.ttftMs.push(s.timeToFirstTokenMs);
        v.promptTokens.push(s.promptTokens);
        v.reusedTokens.push(s.reusedPromptTokens);
        // The same through the public API: Predict.call end to end (format, LM, parse).
        const t2 = performance.now();
        await withSettings({ lm }, () => predict.call({ question: question(q + 3) }, { config: { extra } }));
        v.predictMs.push(performance.now() - t2);
      }
    }
  }
  const summary = (v: VariantStats) => ({
    calls: v.ttftMs.length,
    promptTokens: median(v.promptTokens),
    reusedTokens: median(v.reusedTokens),
    ttftMsMedian: round1(median(v.ttftMs)),
    callMsMedian: round1(median(v.callMs)),
    predictMsMedian: round1(median(v.predictMs)),
  });
  const reuse = summary(variants.reuse);
  const noReuse = summary(variants.noReuse);
  return {
    reuse,
    noReuse,
    ttftSavedMs: round1(noReuse.ttftMsMedian - reuse.ttftMsMedian),
    ttftSavedPct: round1((1 - reuse.ttftMsMedian / noReuse.ttftMsMedian) * 100),
    predictSavedPct: round1((1 - reuse.predictMsMedian / noReuse.predictMsMedian) * 100),
  };
}

function markdown(r: Awaited<ReturnType<typeof run>>): string {
  const m = r.machine;
  const p = r.prefix;
  return [
    '# Embedded model (LlamaCppLM, node-llama-cpp 3.22.1, CPU)',
    '',
    `Model \`${r.model}\` (${r.chatTemplate} chat template). Node ${m.node}; ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; load average (1/5/15 min) ${m.loadavgAtStart.join(' / ')} at start, ${r.loadavgAtEnd.join(' / ')} at the end (the machine is shared with other work, so absolute numbers are noisy; medians of ${r.rounds} interleaved rounds).`,
    `Command: \`cd bench && node -r ts-node/register/transpile-only llama-cpp.bench.ts\` (after \`npx tsc -b\` and \`bash scripts/fetch-model\`). Run at ${r.date}, ${Math.round(r.wallMs / 1000)} s.`,
    '',
    "Threads: llama.cpp's threads spin-wait on each other, so on 2 cores with other processes running, 2 threads collapse (the table below); LlamaCppLM therefore defaults to CPU math cores − 1 (`DSPY_TS_LLAMA_THREADS` or `threads` to change). In a shorter run at lower load (load average about 3.5), 2 threads evaluated prompts 1.4× faster (353 vs 258 tok/s) but still generated 3× slower (45 vs 143 tok/s).",
    '',
    '## Tokens per second',
    '',
    `Prompt evaluation: a ${r.throughput[0]?.promptTokens}-token prompt from an empty context (time to first token). Generation: 128 tokens, greedy.`,
    '',
    '| threads | model + context load | prompt eval tok/s | generation tok/s |',
    '|---:|---:|---:|---:|',
    ...r.throughput.map(
      (t) =>
        `| ${t.threads}${t.threads === r.defaultThreads ? ' (default here)' : ''} | ${t.loadMs} ms | ${t.promptTokensPerS} | ${t.generationTokensPerS} |`,
    ),
    '',
    '## Prefix reuse on a Predict program with 4 demos',
    '',
    `Prompt: ChatAdapter's system message + 4 demos (user/assistant turns) + the question, ${p.reuse.promptTokens} tokens. Each round asks ${r.questions} new questions per variant; "reuse" keeps the context sequence, so only the tokens after the shared prefix are evaluated; "no reuse" clears it before every call. maxTokens 24.`,
    '',
    '| variant | LM calls | prompt tokens | reused tokens (median) | time to first token | LM call | Predict.call end to end |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| reuse (default) | ${p.reuse.calls} | ${p.reuse.promptTokens} | ${p.reuse.reusedTokens} | ${p.reuse.ttftMsMedian} ms | ${p.reuse.callMsMedian} ms | ${p.reuse.predictMsMedian} ms |`,
    `| no reuse | ${p.noReuse.calls} | ${p.noReuse.promptTokens} | ${p.noReuse.reusedTokens} | ${p.noReuse.ttftMsMedian} ms | ${p.noReuse.callMsMedian} ms | ${p.noReuse.predictMsMedian} ms |`,
    '',
    `Prefix reuse saves **${p.ttftSavedMs} ms (${p.ttftSavedPct} %) of time to first token** per call, and ${p.predictSavedPct} % of a whole Predict.call (which also generates up to 24 tokens).`,
    '',
  ].join('\n');
}

async function run() {
  const started = performance.now();
  const host = machine();
  const modelPath = process.env.DSPY_TS_MODEL || undefined;
  const probe = new LlamaCppLM({ modelPath, cache: false });
  const engine = await probe.getEngine();
  const defaultThreads = engine.context.currentThreads;
  const chatTemplate = engine.chatWrapperName;
  const throughputRows = [];
  for (const threads of THREADS) throughputRows.push(await throughput(modelPath, threads));
  const prefix = await prefixReuse(modelPath);
  await disposeLlamaCpp();
  return {
    model: probe.model,
    chatTemplate,
    machine: host,
    date: new Date().toISOString(),
    rounds: ROUNDS,
    questions: QUESTIONS,
    defaultThreads,
    throughput: throughputRows,
    prefix,
    loadavgAtEnd: loadavg().map(round1),
    wallMs: performance.now() - started,
  };
}

run().then(
  (r) => {
    writeFileSync(join(__dirname, 'results', `${OUT}.json`), `${JSON.stringify(r, null, 2)}\n`);
    writeFileSync(join(__dirname, 'results', `${OUT}.md`), markdown(r));
    process.stdout.write(markdown(r));
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
