import { BadRequestException } from '@nestjs/common';
import { type Adapter, JSONAdapter, type LanguageModel } from '@dspy-ts/core';
import { LlamaCppLM } from '@dspy-ts/llama-cpp';
import { OllamaLM } from '@dspy-ts/ollama';

/** Request header naming one of the selectable models for that request only. */
export const LM_HEADER = 'x-dspy-lm';

/**
 * Which models the service uses: the default (`lm`), an adapter, and the models a request may
 * pick by name with the `x-dspy-lm` header (an allow-list: clients never name arbitrary models).
 *
 * @example
 * const settings = LmSettings.fromEnv({ OLLAMA_HOST: 'gpu-box', OLLAMA_MODELS: 'llama3.2,qwen2.5:7b' });
 */
export class LmSettings {
  constructor(
    readonly lm: LanguageModel | undefined,
    readonly adapter: Adapter | undefined,
    readonly selectable: ReadonlyMap<string, LanguageModel> = new Map(),
  ) {}

  /**
   * `OLLAMA_HOST` set: OllamaLM with `OLLAMA_MODEL` (default llama3.2), and every name in
   * `OLLAMA_MODELS` selectable per request. Otherwise the embedded model: `DSPY_TS_MODEL` (a GGUF
   * path) or the one `scripts/fetch-model` installs. JSONAdapter when the model can be
   * constrained to a JSON schema (small models then always produce parseable replies);
   * `DSPY_TS_ADAPTER=chat` forces ChatAdapter.
   */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): LmSettings {
    const selectable = new Map<string, LanguageModel>();
    let lm: LanguageModel;
    if (env.OLLAMA_HOST) {
      lm = new OllamaLM({ model: env.OLLAMA_MODEL || 'llama3.2', host: env.OLLAMA_HOST, temperature: 0 });
      for (const name of (env.OLLAMA_MODELS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        selectable.set(name, new OllamaLM({ model: name, host: env.OLLAMA_HOST, temperature: 0 }));
      }
    } else {
      // A 135M model rambles past its answer; a modest cap keeps each call short.
      lm = new LlamaCppLM({ temperature: 0, maxTokens: Number(env.DSPY_TS_MAX_TOKENS) || 256 });
    }
    const json = env.DSPY_TS_ADAPTER ? env.DSPY_TS_ADAPTER === 'json' : lm.capabilities.jsonSchema;
    return new LmSettings(lm, json ? new JSONAdapter() : undefined, selectable);
  }

  /** The LM a request asked for with `x-dspy-lm`, `undefined` for the default; 400 for an unknown name. */
  forRequest(
    request: { headers?: Record<string, string | string[] | undefined> } | undefined,
  ): LanguageModel | undefined {
    const raw = request?.headers?.[LM_HEADER];
    const name = Array.isArray(raw) ? raw[0] : raw;
    if (name === undefined || name === '') return undefined;
    const lm = this.selectable.get(name);
    if (!lm) {
      const known = [...this.selectable.keys()];
      throw new BadRequestException(
        `Unknown model "${name.slice(0, 64)}" in ${LM_HEADER}. ${known.length ? `Known: ${known.join(', ')}.` : 'No per-request models are configured.'}`,
      );
    }
    return lm;
  }
}
