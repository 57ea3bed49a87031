import { DspyError, type SandboxErrorKind, type SandboxResult } from '@dspy-ts/core';
import { JsSandbox } from './js-sandbox';

const sandbox = new JsSandbox({ timeoutMs: 2_000 });

function failure(run: SandboxResult) {
  if (run.ok) throw new Error(`expected a failure, got ${JSON.stringify(run)}`);
  return run.error;
}

describe('JsSandbox results', () => {
  it('returns the value of the last expression', async () => {
    await expect(sandbox.run('const xs = [3, 1, 2];\nxs.sort()[2] * 2')).resolves.toMatchObject({
      ok: true,
      result: 6,
      logs: [],
    });
  });

  it('prefers SUBMIT (the last call wins) over the last expression', async () => {
    const run = await sandbox.run('SUBMIT({ answer: 1 }); SUBMIT({ answer: 2 }); 99');
    expect(run).toMatchObject({ ok: true, result: { answer: 2 } });
  });

  it('falls back to a top-level `result` variable', async () => {
    await expect(sandbox.run('const result = { total: 2 + 3 };')).resolves.toMatchObject({
      ok: true,
      result: { total: 5 },
    });
  });

  it('succeeds with an undefined result when the code produces no value', async () => {
    const run = await sandbox.run('const x = 1;');
    expect(run.ok).toBe(true);
    expect(run.ok && run.result).toBeUndefined();
  });

  it('captures console output, objects as JSON', async () => {
    const run = await sandbox.run('console.log("sum", 1 + 2, { a: [1] }); console.error("careful"); "done"');
    expect(run).toMatchObject({ ok: true, result: 'done', logs: ['sum 3 {"a":[1]}', 'careful'] });
  });

  it('awaits a promise returned as the last expression and runs queued jobs', async () => {
    await expect(
      sandbox.run('(async () => { const x = await Promise.resolve(41); return x + 1; })()'),
    ).resolves.toMatchObject({ ok: true, result: 42 });
    await expect(sandbox.run('Promise.resolve(7).then((v) => SUBMIT(v * 2)); undefined')).resolves.toMatchObject({
      ok: true,
      result: 14,
    });
  });

  it('reports a rejected or never-settling promise', async () => {
    expect(failure(await sandbox.run('(async () => { throw new TypeError("bad") })()'))).toMatchObject({
      kind: 'runtime',
      message: 'TypeError: bad (line 1)',
    });
    expect(failure(await sandbox.run('new Promise(() => {})'))).toMatchObject({
      kind: 'runtime',
      name: 'PendingPromiseError',
    });
  });

  it('passes globals in as JSON copies', async () => {
    const numbers = [1, 2, 3];
    const run = await sandbox.run('numbers.push(4); SUBMIT({ n: numbers.length, q: question })', {
      globals: { numbers, question: 'why?' },
    });
    expect(run).toMatchObject({ ok: true, result: { n: 4, q: 'why?' } });
    expect(numbers).toEqual([1, 2, 3]);
  });

  it('keeps the logs of a failed run', async () => {
    const run = await sandbox.run('console.log("step 1");\nnull.x');
    expect(run).toMatchObject({ ok: false, logs: ['step 1'], error: { kind: 'runtime', name: 'TypeError', line: 2 } });
  });

  it('tells a syntax error (with its line) from a SyntaxError thrown at run time', async () => {
    expect(failure(await sandbox.run('const a = 1;\nconst b = ;'))).toMatchObject({
      kind: 'syntax',
      name: 'SyntaxError',
      line: 2,
    });
    expect(failure(await sandbox.run('JSON.parse("{")'))).toMatchObject({ kind: 'runtime', name: 'SyntaxError' });
  });

  it('reports a thrown non-error and a result that is not JSON', async () => {
    expect(failure(await sandbox.run('throw "oops"'))).toMatchObject({
      kind: 'runtime',
      message: 'Error: uncaught "oops"',
    });
    expect(failure(await sandbox.run('const o = {}; o.self = o; o')).message).toMatch(
      /^The result is not JSON-serialisable: TypeError: circular/,
    );
    expect(failure(await sandbox.run('SUBMIT(10n)'))).toMatchObject({ kind: 'runtime', name: 'TypeError' });
  });

  it('refuses a result larger than maxResultChars', async () => {
    const run = await sandbox.run('SUBMIT("x".repeat(5000))', { maxResultChars: 1000 });
    expect(failure(run)).toMatchObject({ kind: 'runtime', name: 'ResultTooLargeError' });
  });
});

describe('JsSandbox isolation', () => {
  it('shares nothing between runs: globals, prototypes, builtins', async () => {
    await sandbox.run(
      'globalThis.leak = 42; var v = 1; Array.prototype.evil = () => 1; JSON.stringify = () => "pwned"; SUBMIT = null;',
    );
    const run = await sandbox.run('SUBMIT([typeof leak, typeof v, typeof [].evil, JSON.stringify({ a: 1 })])');
    expect(run).toMatchObject({ ok: true, result: ['undefined', 'undefined', 'undefined', '{"a":1}'] });
  });

  it('reads logs and errors correctly even when the program replaces builtins', async () => {
    const code =
      'Array.prototype.join = () => 1; Array.prototype.push = null; Object.prototype.toJSON = () => "x";\nconsole.log("a", 1);\nnull.y';
    const run = await sandbox.run(code);
    expect(run.logs).toEqual(['a 1']);
    expect(failure(run)).toMatchObject({ kind: 'runtime', name: 'TypeError', line: 3 });
  });

  it('runs concurrent calls independently', async () => {
    const runs = await Promise.all([1, 2, 3].map((i) => sandbox.run(`globalThis.n = (globalThis.n ?? 0) + ${i}; n`)));
    expect(runs.map((r) => r.ok && r.result)).toEqual([1, 2, 3]);
  });

  it('exposes only ECMAScript builtins plus console, SUBMIT and the forbidden-name traps', async () => {
    const run = await sandbox.run('Object.getOwnPropertyNames(Function("return this")())');
    const names = (run.ok ? run.result : []) as string[];
    const ours = [
      'console',
      'SUBMIT',
      'require',
      'process',
      'module',
      'exports',
      '__dirname',
      '__filename',
      'Buffer',
      'fetch',
      'XMLHttpRequest',
      'WebSocket',
      'Deno',
      'Bun',
      'importScripts',
    ];
    const builtins = names.filter((n) => !ours.includes(n));
    expect(builtins).toEqual(expect.arrayContaining(['Object', 'JSON', 'Math', 'Promise']));
    for (const hostOnly of [
      'setTimeout',
      'setInterval',
      'queueMicrotask',
      'global',
      'std',
      'os',
      'WebAssembly',
      'performance',
      'structuredClone',
    ]) {
      expect(names).not.toContain(hostOnly);
    }
  });
});

describe('JsSandbox escape attempts are stopped and reported', () => {
  const cases: [string, string, SandboxErrorKind][] = [
    ['require', 'const fs = require("fs"); fs.readFileSync("/etc/passwd", "utf8")', 'forbidden'],
    ['process.exit', 'process.exit(1)', 'forbidden'],
    ['globalThis.process', 'globalThis.process.env', 'forbidden'],
    ['typeof process', 'typeof process', 'forbidden'],
    ['fetch', 'fetch("http://127.0.0.1")', 'forbidden'],
    ['dynamic import', 'import("fs")', 'forbidden'],
    ['dynamic import awaited', '(async () => (await import("node:child_process")).execSync("id"))()', 'forbidden'],
    ['static import', 'import fs from "fs";\nfs.readdirSync("/")', 'forbidden'],
    ['eval to reach process', 'eval("this.constructor.constructor(\'return process\')()")', 'forbidden'],
    ['Function constructor to reach require', '[].constructor.constructor("return require")()("fs")', 'forbidden'],
    ['indirect eval', '(0, eval)("require")("child_process")', 'forbidden'],
    ['timers do not exist', 'setTimeout(() => {}, 0)', 'runtime'],
  ];
  it.each(cases)('%s', async (_label, code, kind) => {
    const error = failure(await sandbox.run(code));
    expect(error.kind).toBe(kind);
    if (kind === 'forbidden')
      expect(error.message).toMatch(
        /^ForbiddenError: .* is not available: the sandbox has no modules, file system, network or process access/,
      );
  });

  it('stops an infinite loop at the deadline', async () => {
    const run = await sandbox.run('let i = 0;\nwhile (true) { i++ }', { timeoutMs: 150 });
    expect(failure(run)).toMatchObject({
      kind: 'timeout',
      name: 'TimeoutError',
      message: expect.stringContaining('longer than 150 ms'),
    });
    expect(run.durationMs).toBeGreaterThanOrEqual(150);
    expect(run.durationMs).toBeLessThan(1_500);
  });

  it('stops a loop that catches the interruption, an endless promise chain and a catastrophic regex', async () => {
    const codes = [
      'while (true) { try { while (true) {} } catch (e) { console.log("caught") } }',
      '(async () => { while (true) await null })()',
      '/(a+)+$/.test("a".repeat(40) + "b")',
    ];
    for (const code of codes) {
      const run = await sandbox.run(code, { timeoutMs: 100 });
      expect(failure(run).kind).toBe('timeout');
      expect(run.logs).toEqual([]);
    }
  });

  it('stops a memory bomb at the memory limit', async () => {
    const run = await sandbox.run('const a = [];\nwhile (true) a.push(new Array(1e6).fill(1))', {
      memoryLimitBytes: 32 * 1024 * 1024,
    });
    expect(failure(run)).toMatchObject({ kind: 'memory', name: 'MemoryError', line: 2 });
    expect(failure(run).message).toContain('32 MiB');
  });

  it('stops string and typed-array bombs, which QuickJS alone does not count', async () => {
    for (const code of [
      'const a = []; while (true) a.push("x".repeat(1e6) + Math.random())',
      'const a = []; while (true) a.push(new Uint8Array(1e6))',
    ]) {
      expect(failure(await sandbox.run(code, { memoryLimitBytes: 32 * 1024 * 1024 })).kind).toBe('memory');
    }
  });

  it('stops deep recursion at the stack limit', async () => {
    const run = await sandbox.run('function down(n) { return down(n + 1) + 1 }\ndown(0)');
    expect(failure(run)).toMatchObject({ kind: 'stack', name: 'StackOverflowError' });
  });

  it('reports recursion that exhausts the host stack first, and keeps working afterwards', async () => {
    const run = await sandbox.run('function down(n) { return down(n + 1) + 1 }\ndown(0)', {
      stackLimitBytes: 4 * 1024 * 1024,
    });
    expect(failure(run).kind).toBe('stack');
    await expect(sandbox.run('1 + 1')).resolves.toMatchObject({ ok: true, result: 2 });
  });

  it('caps console output from a flood', async () => {
    const run = await sandbox.run('while (true) console.log("x".repeat(100))', { timeoutMs: 100, maxLogChars: 1_000 });
    expect(failure(run).kind).toBe('timeout');
    expect(run.logs).toHaveLength(11);
    expect(run.logs[10]).toBe('[console output truncated after 1000 characters]');
  });
});

describe('JsSandbox options', () => {
  it("runs within the smallest memory limit, the engine's initial 16 MiB", async () => {
    await expect(
      sandbox.run('[1, 2, 3].map((x) => x * x)', { memoryLimitBytes: 16 * 1024 * 1024 }),
    ).resolves.toMatchObject({ ok: true, result: [1, 4, 9] });
  });

  it('rejects limits it cannot honour', () => {
    expect(() => new JsSandbox({ memoryLimitBytes: 1024 })).toThrow(/memoryLimitBytes/);
    expect(() => new JsSandbox({ timeoutMs: 0 })).toThrow(DspyError);
    expect(() => new JsSandbox({ stackLimitBytes: 8 * 1024 * 1024 })).toThrow(/stackLimitBytes/);
  });

  it('rejects globals that are not JSON and does not start an aborted run', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(sandbox.run('1', { globals: cyclic as never })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const controller = new AbortController();
    controller.abort();
    await expect(sandbox.run('1', { signal: controller.signal })).rejects.toMatchObject({
      code: 'EXECUTION_CANCELLED',
    });
  });
});
