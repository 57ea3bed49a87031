const core = require('quickjs-emscripten-core');
const { QuickJSFFI } = require('@jitl/quickjs-wasmfile-release-sync/ffi');
const loader = require('@jitl/quickjs-wasmfile-release-sync/emscripten-module');
const fs = require('fs');
const wasmModule = new WebAssembly.Module(fs.readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
const variant = core.newVariant({ type: 'sync', importFFI: async () => QuickJSFFI, importModuleLoader: async () => loader }, { wasmModule });
async function run(code, { ms = 1000, mem = 32 * 2 ** 20, stack } = {}) {
  const mod = await core.newQuickJSWASMModuleFromVariant(variant);
  const rt = mod.newRuntime();
  rt.setMemoryLimit(mem); if (stack !== undefined) rt.setMaxStackSize(stack);
  const deadline = Date.now() + ms;
  let checks = 0;
  rt.setInterruptHandler(() => { checks++; return Date.now() > deadline; });
  const ctx = rt.newContext();
  const t0 = performance.now();
  let out;
  try {
    const r = ctx.evalCode(code, 'program.js');
    if (r.error) { out = ['ERR', ctx.dump(r.error)]; r.error.dispose(); }
    else { out = ['OK', ctx.dump(r.value)]; r.value.dispose(); }
    ctx.dispose(); rt.dispose();
  } catch (e) { out = ['HOST', e.name, e.message.slice(0, 80)]; }
  console.log(JSON.stringify(code.slice(0, 60)), 'stack', stack, Math.round(performance.now() - t0) + 'ms', 'checks', checks, JSON.stringify(out).slice(0, 200));
}
(async () => {
  const rec = 'let d=0; function f(n){d=n; return f(n+1)+1} try { f(0) } catch(e) { "caught at "+d+" "+e.message }';
  for (const s of [undefined, 0, 64 * 1024, 128 * 1024, 256 * 1024, 384*1024, 512 * 1024]) await run(rec, { stack: s });
  await run('const a=[]; while(true) a.push(new Array(1e6).fill(1))', {stack: 256*1024});
  await run('const a=[]; while(true) a.push(new Array(1e5).fill(1))', {stack: 256*1024});
  await run('const a=new Array(1e6)', {stack: 256*1024});
  await run('const a=new Array(1e6).fill(1); a.length', {stack: 256*1024});
  await run('const a=Array.from({length:1e6},()=>1); a.length', {stack: 256*1024});
  await run('const a=[]; while(true) a.push("x".repeat(1e6)+Math.random())', {stack: 256*1024});
})();
