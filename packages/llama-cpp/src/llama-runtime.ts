import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DspyError, LmError } from '@dspy-ts/core';
import type { Llama, LlamaModel, LlamaOptions } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { assertModelFile } from './model-path';

/** The `node-llama-cpp` module (ESM-only with top-level await, so it is loaded with `import()`). */
export type NodeLlamaCpp = typeof import('node-llama-cpp', { with: { 'resolution-mode': 'import' } });

/** How llama.cpp runs: `gpu` as in node-llama-cpp's `getLlama` (default `'auto'`: CUDA/Metal/Vulkan when present, else CPU). */
export interface LlamaRuntimeOptions {
  gpu?: LlamaOptions['gpu'];
}

let modulePromise: Promise<NodeLlamaCpp> | undefined;
const llamas = new Map<string, Promise<Llama>>();
const models = new Map<string, Promise<LlamaModel>>();

/**
 * Loads `node-llama-cpp` once per process.
 *
 * @example
 * const { LlamaChat } = await loadNodeLlamaCpp();
 */
export function loadNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  modulePromise ??= import('node-llama-cpp').catch((err: unknown) => {
    modulePromise = undefined;
    const vm = String((err as Error)?.message).includes('experimental-vm-modules');
    throw new DspyError(
      'CONFIG_INVALID',
      vm
        ? 'node-llama-cpp is an ES module loaded with import(); under Jest run with NODE_OPTIONS=--experimental-vm-modules.'
        : 'Could not load node-llama-cpp. Install it next to @dspy-ts/llama-cpp: npm install node-llama-cpp@3.22.1',
      { cause: err },
    );
  });
  return modulePromise;
}

/**
 * The process-wide llama.cpp runtime for `gpu` (created on first use, prebuilt binaries only).
 *
 * @example
 * const llama = await sharedLlama();
 */
export function sharedLlama(options: LlamaRuntimeOptions = {}): Promise<Llama> {
  const gpu = options.gpu ?? 'auto';
  const key = JSON.stringify(gpu);
  let llama = llamas.get(key);
  if (!llama) {
    llama = loadNodeLlamaCpp().then(({ getLlama, LlamaLogLevel }) =>
      // `build: 'never'`: use the prebuilt binaries from npm, never compile llama.cpp on the user's machine.
      getLlama({ gpu, build: 'never', logLevel: LlamaLogLevel.error, progressLogs: false }),
    );
    llama.catch(() => llamas.delete(key));
    llamas.set(key, llama);
  }
  return llama;
}

/**
 * The GGUF at `path`, loaded once per process and shared by every LM and embedder that uses it.
 * Throws `LM_MODEL_NOT_FOUND` (saying how to fetch it) when the file is missing.
 *
 * @example
 * const model = await sharedModel('/models/SmolLM2-135M-Instruct.Q4_1.gguf');
 */
export function sharedModel(path: string, options: LlamaRuntimeOptions = {}): Promise<LlamaModel> {
  const modelPath = resolve(path);
  assertModelFile(modelPath);
  const key = `${JSON.stringify(options.gpu ?? 'auto')}|${modelPath}`;
  let model = models.get(key);
  if (!model) {
    model = sharedLlama(options).then((llama) =>
      llama.loadModel({ modelPath }).catch((err: unknown) => {
        throw new LmError(
          'LM_MODEL_NOT_FOUND',
          `llama.cpp could not load ${modelPath}: ${(err as Error)?.message ?? err}. Check that it is a complete GGUF file.`,
          { cause: err, provider: 'llama.cpp' },
        );
      }),
    );
    model.catch(() => models.delete(key));
    models.set(key, model);
  }
  return model;
}

/**
 * Evaluation threads when none are given: `$DSPY_TS_LLAMA_THREADS`, else all math cores but one
 * (at least 1), so the Node event loop and other work keep a core. On a busy 2-core machine
 * llama.cpp's default (every hardware thread) spins against itself and runs far slower.
 *
 * @example
 * defaultThreads(llama); // 1 on a 2-core machine
 */
export function defaultThreads(llama: Llama): number {
  const env = Number(process.env.DSPY_TS_LLAMA_THREADS);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(1, Math.min(llama.cpuMathCores, availableParallelism() - 1));
}

/** Frees every shared model and llama.cpp runtime (used by `disposeLlamaCpp`). */
export async function disposeModelsAndRuntimes(): Promise<void> {
  const loaded = [...models.values()];
  models.clear();
  for (const m of loaded) await m.then((model) => model.dispose()).catch(() => undefined);
  const runtimes = [...llamas.values()];
  llamas.clear();
  for (const l of runtimes) await l.then((llama) => llama.dispose()).catch(() => undefined);
}
