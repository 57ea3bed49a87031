/**
 * Multi-hop RAG end to end: BM25 over the shipped corpus, the zero-shot MultiHopQA scored on dev,
 * compiled with BootstrapFewShot on train, saved to compiled/multi-hop.json, scored again.
 *
 *   bash scripts/fetch-model && npx tsc -b
 *   node --experimental-vm-modules apps/rag/dist/src/main.js
 *
 * Env: RAG_DEV (30), RAG_TRAIN (20), RAG_ADAPTER (json | chat; json), RAG_CONCURRENCY (1),
 * RAG_COMPILED (output path), DSPY_TS_MODEL (any GGUF), OLLAMA_HOST / OLLAMA_MODEL (use Ollama).
 */
import 'reflect-metadata';
import { ChatAdapter, JSONAdapter } from '@dspy-ts/core';
import { disposeLlamaCpp, LlamaCppLM } from '@dspy-ts/llama-cpp';
import { chooseLm } from './choose-lm';
import { runExperiment } from './experiment';
import { formatReport } from './report';

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const lm = chooseLm(env);
  // Fail before any work when the GGUF is missing (the error says to run scripts/fetch-model).
  if (lm instanceof LlamaCppLM) await lm.load();
  const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  const result = await runExperiment({
    lm,
    adapter: env.RAG_ADAPTER === 'chat' ? new ChatAdapter() : new JSONAdapter(),
    dev: number('RAG_DEV', 30),
    train: number('RAG_TRAIN', 20),
    concurrency: number('RAG_CONCURRENCY', 1),
    log: (line) => process.stderr.write(`rag: ${line}\n`),
  });
  console.log(formatReport(result));
}

main(process.env).then(
  async () => {
    await disposeLlamaCpp();
    process.exit(0);
  },
  async (err: unknown) => {
    console.error(`rag failed: ${err instanceof Error ? err.message : String(err)}`);
    await disposeLlamaCpp();
    process.exit(1);
  },
);
