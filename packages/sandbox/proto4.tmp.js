const core = require('quickjs-emscripten-core');
const { QuickJSFFI } = require('@jitl/quickjs-wasmfile-release-sync/ffi');
const loader = require('@jitl/quickjs-wasmfile-release-sync/emscripten-module');
const fs = require('fs');
const wasmModule = new WebAssembly.Module(fs.readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
const variant = core.newVariant({ type: 'sync', importFFI: async () => QuickJSFFI, importModuleLoader: async () => loader }, { wasmModule });
(async () => {
  const mod = await core.newQuickJSWASMModuleFromVariant(variant);
  const rt = mod.newRuntime();
  rt.setMemoryLimit(-1);
  const ctx = rt.newContext();
  for (const code of ['globalThis.a=[]; for (let i=0;i<10;i++) a.push(new Array(1e6).fill(1)); a.length', 'globalThis.b=[]; for (let i=0;i<10;i++) { const x=[]; for (let j=0;j<1e6;j++) x.push(1); b.push(x) } b.length', 'globalThis.c=[]; for (let i=0;i<10;i++) c.push("x".repeat(1e6)+i); c.length']) {
    const t=performance.now();
    const r = ctx.evalCode(code); console.log(ctx.dump(r.value ?? r.error), performance.now()-t);
    const mu = rt.dumpMemoryUsage(); console.log(mu.split('\n').filter(l => /malloc|memory|array|str/i.test(l)).join('\n'));
    console.log('wasm mem', mod.getWasmMemory ? mod.getWasmMemory().buffer.byteLength : '?');
  }
})();
