import type { LanguageModel } from '@dspy-ts/core';
import { LlamaCppLM } from '@dspy-ts/llama-cpp';
import { OllamaLM } from '@dspy-ts/ollama';

/**
 * The embedded model by default (no server); `OLLAMA_HOST` switches to Ollama
 * (`OLLAMA_MODEL`, default llama3.2); `DSPY_TS_MODEL` points the embedded LM at any GGUF.
 */
export function chooseLm(env: NodeJS.ProcessEnv = process.env): LanguageModel {
  if (env.OLLAMA_HOST) return new OllamaLM({ model: env.OLLAMA_MODEL ?? 'llama3.2', host: env.OLLAMA_HOST });
  return new LlamaCppLM({ temperature: 0 });
}
