const core = require('quickjs-emscripten-core');
const { QuickJSFFI } = require('@jitl/quickjs-wasmfile-release-sync/ffi');
const loader = require('@jitl/quickjs-wasmfile-release-sync/emscripten-module');
const fs = require('fs');
const wasmModule = new WebAssembly.Module(fs.readFileSync(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm')));
const base = { type: 'sync', importFFI: async () => QuickJSFFI, importModuleLoader: async () => loader };
(async () => {
  for (const [code, withLoader] of [['import("fs")', false], ['import("fs")', true], ['import fs from "fs"; 1', false], ['let result = 5; const z = 2;', false], ['(async()=>{ while(true) await null })()', false], ['x = ', false]]) {
    const wasmMemory = new WebAssembly.Memory({ initial: 256, maximum: 1024 });
    const mod = await core.newQuickJSWASMModuleFromVariant(core.newVariant(base, { wasmModule, wasmMemory }));
    const rt = mod.newRuntime(); rt.setMaxStackSize(256*1024);
    const deadline = Date.now() + 300; rt.setInterruptHandler(() => Date.now() > deadline);
    if (withLoader) rt.setModuleLoader((name) => ({ error: new Error(`modules are not available: ${name}`) }));
    const ctx = rt.newContext();
    const c = ctx.evalCode(code, 'program.js', { compileOnly: true });
    console.log('compile', code, c.error ? ctx.dump(c.error) : ctx.typeof(c.value));
    if (c.error) continue;
    const r = ctx.evalCode(code, 'program.js');
    if (r.error) { console.log('ERR', ctx.dump(r.error)); continue; }
    const st = ctx.getPromiseState(r.value);
    console.log(code, 'state', st.type, st.notAPromise);
    let n = 0; const t = Date.now();
    while (rt.hasPendingJob() && Date.now() - t < 1000) { const j = rt.executePendingJobs(1000); n++; if (j.error) { console.log('job error', ctx.dump(j.error)); break; } }
    console.log(' batches', n, 'ms', Date.now() - t);
    const st2 = ctx.getPromiseState(r.value);
    console.log(' state after', st2.type, st2.type !== 'pending' ? ctx.dump(st2.value ?? st2.error) : '');
    const rr = ctx.evalCode('typeof result === "undefined" ? undefined : result');
    console.log(' result var', ctx.dump(rr.value));
  }
})();
