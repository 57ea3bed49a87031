import type { LanguageModel } from '@dspy-ts/core';
import { OllamaLM } from '@dspy-ts/ollama';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import { UsageError } from './usage-error';

export interface LmFlags {
  /** `ollama:<model>`, `openai:<model>`, `llama-cpp:<path.gguf>` or `embedded`. */
  readonly lm?: string;
  /** Server URL (Ollama host, or the OpenAI-compatible base URL ending in /v1). */
  readonly lmBaseUrl?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
}

const KINDS = 'ollama:<model>, openai:<model>, llama-cpp:<path.gguf> or embedded';

/**
 * The LM the flags (or `DSPY_TS_LM`, `DSPY_TS_LM_BASE_URL`) name. API keys come from the
 * environment only (`OPENAI_API_KEY`), never from flags, so they stay out of shell history.
 *
 * @example
 * const lm = await chooseLm({ lm: 'openai:gpt-4o-mini' });
 */
export async function chooseLm(flags: LmFlags): Promise<{ lm: LanguageModel; label: string }> {
  const spec = flags.lm ?? process.env.DSPY_TS_LM ?? 'embedded';
  const baseUrl = flags.lmBaseUrl ?? process.env.DSPY_TS_LM_BASE_URL;
  const common = { temperature: flags.temperature ?? 0, maxTokens: flags.maxTokens };
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const arg = colon < 0 ? '' : spec.slice(colon + 1);
  if (kind === 'ollama' && arg) return { lm: new OllamaLM({ model: arg, host: baseUrl, ...common }), label: spec };
  if (kind === 'openai' && arg)
    return { lm: new OpenAICompatibleLM({ model: arg, baseURL: baseUrl, ...common }), label: spec };
  if (kind === 'llama-cpp' || kind === 'embedded') {
    let llama: { LlamaCppLM: new (options: object) => LanguageModel };
    try {
      // Optional: node-llama-cpp is a large install, so the CLI loads it only when asked to.
      llama = require('@dspy-ts/llama-cpp') as typeof llama;
    } catch {
      throw new UsageError(
        `--lm ${spec} needs the optional package @dspy-ts/llama-cpp: npm install @dspy-ts/llama-cpp (or pick --lm ollama:<model> / openai:<model>).`,
      );
    }
    const modelPath = kind === 'llama-cpp' ? arg : undefined;
    if (kind === 'llama-cpp' && !arg)
      throw new UsageError(`--lm llama-cpp needs a model file: --lm llama-cpp:/path/model.gguf.`);
    return { lm: new llama.LlamaCppLM({ modelPath, ...common }), label: spec };
  }
  throw new UsageError(`unknown --lm '${spec}': use ${KINDS}.`);
}
