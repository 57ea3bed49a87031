const core = require('quickjs-emscripten-core');
const { QuickJSFFI } = require('@jitl/quickjs-wasmfile-release-sync/ffi');
const loader = require('@jitl/quickjs-wasmfile-release-sync/emscripten-module');
const fs = require('fs');
const wasmModule = new WebAssembly.Module(fs.readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
const base = { type: 'sync', importFFI: async () => QuickJSFFI, importModuleLoader: async () => loader };
async function run(code, { ms = 500, mem = 64 * 2 ** 20, stack = 256*1024 } = {}) {
  const t00 = performance.now();
  const wasmMemory = new WebAssembly.Memory({ initial: 256, maximum: Math.ceil(mem / 65536) });
  const mod = await core.newQuickJSWASMModuleFromVariant(core.newVariant(base, { wasmModule, wasmMemory }));
  const rt = mod.newRuntime();
  rt.setMemoryLimit(mem); rt.setMaxStackSize(stack);
  const deadline = Date.now() + ms;
  let checks = 0;
  rt.setInterruptHandler(() => { checks++; return Date.now() > deadline; });
  const ctx = rt.newContext();
  const setup = performance.now() - t00;
  const t0 = performance.now();
  let out;
  try {
    const r = ctx.evalCode(code, 'program.js');
    if (r.error) { out = ['ERR', ctx.dump(r.error)]; r.error.dispose(); }
    else { out = ['OK', ctx.dump(r.value)]; r.value.dispose(); }
    ctx.dispose(); rt.dispose();
  } catch (e) { out = ['HOST', e.name, e.message.slice(0, 80)]; }
  console.log(JSON.stringify(code.slice(0, 70)), 'setup', Math.round(setup), 'run', Math.round(performance.now() - t0) + 'ms', 'checks', checks, 'wasmMB', wasmMemory.buffer.byteLength / 2**20, JSON.stringify(out).slice(0, 160));
}
(async () => {
  await run('1+1');
  await run('const a=[]; while(true) a.push(new Array(1e6).fill(1))');
  await run('const a=[]; while(true) a.push("x".repeat(1e6)+Math.random())');
  await run('const a=[]; while(true) a.push(new Uint8Array(1e6))');
  await run('let s="x"; while(true) s+=s; s.length');
  await run('const o={}; let i=0; while(true) o["k"+i++]=i');
  await run('while(true){}');
  await run('for(;;);');
  await run('/(a+)+$/.test("a".repeat(40)+"b")');
  await run('new Array(3e6).fill(0).map((_, i) => i * 7919 % 3e6).sort().length', {mem: 256*2**20});
  await run('new Array(3e6).fill("ab").join("").length', {mem: 256*2**20});
  await run('function f(n){return f(n+1)+1} f(0)');
  await run('function f(n){return f(n+1)+1} f(0)', {stack: 384*1024});
  await run('const g=function*(){while(true) yield 1}; for (const x of g());');
  await run('(async()=>{ while(true) await null })()');
})();
