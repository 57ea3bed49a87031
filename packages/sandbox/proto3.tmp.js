const core = require('quickjs-emscripten-core');
const { QuickJSFFI } = require('@jitl/quickjs-wasmfile-release-sync/ffi');
const loader = require('@jitl/quickjs-wasmfile-release-sync/emscripten-module');
const fs = require('fs');
const wasmModule = new WebAssembly.Module(fs.readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
const variant = core.newVariant({ type: 'sync', importFFI: async () => QuickJSFFI, importModuleLoader: async () => loader }, { wasmModule });
async function run(code, { ms = 1000, mem = 32 * 2 ** 20, stack = 256*1024 } = {}) {
  const mod = await core.newQuickJSWASMModuleFromVariant(variant);
  const rt = mod.newRuntime();
  rt.setMemoryLimit(mem); if (stack !== undefined) rt.setMaxStackSize(stack);
  const deadline = Date.now() + ms;
  rt.setInterruptHandler(() => Date.now() > deadline);
  const ctx = rt.newContext();
  const t0 = performance.now();
  const log = ctx.newFunction('log', (h) => { console.log('  ', Math.round(performance.now() - t0), ctx.dump(h), JSON.stringify(rt.computeMemoryUsage ? '' : '')); });
  ctx.setProp(ctx.global, 'log', log); log.dispose();
  let out;
  try {
    const r = ctx.evalCode(code, 'program.js');
    if (r.error) { out = ['ERR', ctx.dump(r.error)]; r.error.dispose(); }
    else { out = ['OK', ctx.dump(r.value)]; r.value.dispose(); }
    ctx.dispose(); rt.dispose();
  } catch (e) { out = ['HOST', e.name, e.message.slice(0, 80)]; }
  console.log(JSON.stringify(code.slice(0, 60)), Math.round(performance.now() - t0) + 'ms', JSON.stringify(out).slice(0, 200));
}
(async () => {
  await run('const a=[]; let i=0; while(true) { log("before "+i); const x = new Array(1e6); log("alloc"); x.fill(1); log("filled"); a.push(x); i++ }');
  await run('const a=[]; let i=0; while(true) { log("before "+i); const x = []; for (let j=0;j<1e6;j++) x.push(1); log("filled"); a.push(x); i++ }');
})();
