import { readFile } from 'node:fs/promises';
import { QuickJSFFI } from '@jitl/quickjs-wasmfile-release-sync/ffi';
import emscriptenModule from '@jitl/quickjs-wasmfile-release-sync/emscripten-module';
import {
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core';

/** The two WebAssembly calls used here; the repo's TypeScript libs (ES2022, no DOM) do not declare the namespace. */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  Memory: new (descriptor: { initial: number; maximum: number }) => object;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const WASM_PAGE_BYTES = 65_536;

/** The instance's linear memory: how close it is to its ceiling tells an out-of-memory failure apart. */
export interface EngineMemory {
  readonly buffer: { readonly byteLength: number };
}

/** The engine's initial heap: the build declares 16 MiB of linear memory before any script runs. */
export const ENGINE_MIN_MEMORY_BYTES = 16 * 1024 * 1024;
/** wasm32 with this build's glue never grows past 2 GiB. */
export const ENGINE_MAX_MEMORY_BYTES = 2 * 1024 * 1024 * 1024;

// The published variant loads its glue with `import()`, which jest (swc, `ignoreDynamic`) and
// plain CommonJS handle differently; requiring both halves directly works everywhere.
const baseVariant: QuickJSSyncVariant = {
  type: 'sync',
  importFFI: async () => QuickJSFFI,
  importModuleLoader: async () => emscriptenModule,
};

let compiled: Promise<object> | undefined;

/** Compiles the QuickJS binary once per process; instantiating it afterwards takes about a millisecond. */
function compiledEngine(): Promise<object> {
  compiled ??= readFile(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'))
    .then((bytes) => wasm.compile(bytes))
    .catch((err: unknown) => {
      compiled = undefined; // let a later run try again
      throw err;
    });
  return compiled;
}

/**
 * A brand-new QuickJS instance with its own linear memory, capped at `maxMemoryBytes`.
 *
 * Why a whole instance per run rather than a runtime in a shared one: QuickJS's own
 * `setMemoryLimit` does not count most allocations in this WebAssembly build (it cannot ask
 * the allocator for block sizes), so the only real ceiling is the memory the instance can
 * grow into. The glue grows memory with `Memory.grow()` and treats a refusal as `malloc`
 * failing, which QuickJS reports as "out of memory". A fresh instance also means a program
 * that crashes the engine (a host stack overflow inside WebAssembly) takes nothing with it.
 */
export async function newEngine(maxMemoryBytes: number): Promise<{ module: QuickJSWASMModule; memory: EngineMemory }> {
  const wasmModule = await compiledEngine();
  const wasmMemory = new wasm.Memory({
    initial: ENGINE_MIN_MEMORY_BYTES / WASM_PAGE_BYTES,
    maximum:
      Math.max(ENGINE_MIN_MEMORY_BYTES, Math.floor(maxMemoryBytes / WASM_PAGE_BYTES) * WASM_PAGE_BYTES) /
      WASM_PAGE_BYTES,
  });
  const module = await newQuickJSWASMModuleFromVariant(newVariant(baseVariant, { wasmModule, wasmMemory }));
  return { module, memory: wasmMemory as EngineMemory };
}
