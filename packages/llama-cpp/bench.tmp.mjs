import { getLlama } from 'node-llama-cpp';
import os from 'node:os';
const [path, threads] = [process.argv[2], Number(process.argv[3] ?? 0)];
const llama = await getLlama({ gpu: false, build: 'never' });
console.log('cpuMathCores', llama.cpuMathCores, 'maxThreads', llama.maxThreads, 'os cpus', os.cpus().length, 'avail', os.availableParallelism());
const model = await llama.loadModel({ modelPath: path });
const ctx = await model.createContext({ contextSize: 1024, threads: threads || undefined });
console.log('ctx threads', ctx.currentThreads, 'batch', ctx.batchSize);
const seq = ctx.getSequence();
const toks = model.tokenize('The quick brown fox jumps over the lazy dog. '.repeat(20));
let t = performance.now();
await seq.evaluateWithoutGeneratingNewTokens(toks);
console.log('prompt', toks.length, 'tokens', (performance.now() - t).toFixed(0), 'ms');
t = performance.now(); let n = 0;
for await (const tok of seq.evaluate(model.tokenize(' And'))) { if (++n >= 32) break; }
console.log('gen', n, 'tokens', (performance.now() - t).toFixed(0), 'ms');
process.exit(0);
