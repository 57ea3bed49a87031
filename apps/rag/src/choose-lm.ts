import { type LanguageModel, LmCache } from '@dspy-ts/core';
import { LlamaCppLM } from '@dspy-ts/llama-cpp';
import { OllamaLM } from '@dspy-ts/ollama';

/**
 * The embedded model by default (no server; `DSPY_TS_MODEL` points it at any GGUF, else the
 * file `bash scripts/fetch-model` installs); `OLLAMA_HOST` switches to Ollama (`OLLAMA_MODEL`,
 * default llama3.2). Greedy decoding, so a run is repeatable. The response cache is in memory only:
 * a prompt repeated within a run is answered once, but every run pays for itself, so the
 * timings and call counts it prints are a fresh measurement.
 *
 * @example
 * const lm = chooseLm(); // LlamaCppLM on SmolLM2-135M-Instruct
 */
export function chooseLm(env: NodeJS.ProcessEnv = process.env): LanguageModel {
  const cache = new LmCache({ disk: false });
  if (env.OLLAMA_HOST)
    return new OllamaLM({ model: env.OLLAMA_MODEL ?? 'llama3.2', host: env.OLLAMA_HOST, temperature: 0, cache });
  // The per-predictor budgets of MultiHopQA are lower; this caps anything else.
  return new LlamaCppLM({ temperature: 0, maxTokens: 256, cache });
}
