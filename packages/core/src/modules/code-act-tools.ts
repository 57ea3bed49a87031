import type { JsonValue, Sandbox, SandboxResult, SandboxRunOptions } from '../tools/sandbox';
import type { Tool } from '../tools/tool';

// A console line the bridge prints when the code calls a tool whose result it does not have yet.
const MARK = '\u0001dspy-tool-call\u0001';
const PENDING = '__dspy_pending_tool_call';
const RESULTS = '__dspy_tool_results';

/** A tool's name as a JavaScript identifier (`get-weather` → `get_weather`). */
export function toolIdentifier(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_$]/g, '_');
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

/**
 * One line of JavaScript declaring every tool as a synchronous function. A call takes one object of
 * named arguments (`search({ query })`) or positional arguments in the order of the tool's schema
 * (`add(2, 3)`). The nth call answers from the nth recorded result; without one, it prints a marker
 * and stops the run, so the host can run the real tool and run the code again (see `runWithTools`).
 */
export function toolPrelude(tools: Readonly<Record<string, Tool>>): string {
  const decls = Object.values(tools).map(
    (t) =>
      `function ${toolIdentifier(t.name)}(...a) { return __dspyTool(${JSON.stringify(t.name)}, ${JSON.stringify(Object.keys(t.args))}, a); }`,
  );
  const bridge =
    `const __dspyResults = typeof ${RESULTS} === 'undefined' ? [] : ${RESULTS}; let __dspyCalls = 0; ` +
    'function __dspyTool(name, params, a) { ' +
    "const args = a.length === 1 && a[0] !== null && typeof a[0] === 'object' && !Array.isArray(a[0]) ? a[0] : {}; " +
    'if (args !== a[0]) a.forEach((v, i) => { if (i < params.length) args[params[i]] = v; }); ' +
    'const i = __dspyCalls++; const r = __dspyResults[i]; ' +
    `if (r === undefined) { console.log(${JSON.stringify(MARK)} + JSON.stringify({ i, name, args })); throw new Error(${JSON.stringify(PENDING)}); } ` +
    'if (r.name !== name || JSON.stringify(r.args) !== JSON.stringify(args)) throw new Error("The code called tools differently when it was run again (call " + (i + 1) + " was " + r.name + ", now " + name + "): choose tool calls deterministically, not with Math.random or Date."); ' +
    'if (!r.ok) throw new Error(r.error); return r.value; }';
  // One line, so the user's code starts on line 2 (error lines are shifted back by one).
  return [bridge, ...decls].join(' ');
}

/** How one code block ended: what it printed (or, printing nothing, the value it produced), or the error the model is shown. */
export type CodeRun =
  | { output: string; error?: undefined; toolCalls: number }
  | { output?: undefined; error: string; toolCalls: number };

/**
 * Runs `code` in `sandbox` with `tools` callable from inside it. The sandbox has no way to call the
 * host, so tool calls are replayed: each run stops at the first tool call it has no result for, the
 * host runs the real tool (validated, with its timeout), and the code runs again from the start with
 * the results so far, until it finishes without a new call. Code must therefore be deterministic
 * between tool calls (it always is unless it uses `Math.random`/`Date` to choose calls); output is
 * from the last run only.
 *
 * @example
 * await runWithTools(new JsSandbox(), 'console.log(add(2, 3))', { add }, { maxToolCalls: 10 }); // { output: '5', toolCalls: 1 }
 */
export async function runWithTools(
  sandbox: Sandbox,
  code: string,
  tools: Readonly<Record<string, Tool>>,
  options: { runOptions?: Omit<SandboxRunOptions, 'signal' | 'globals'>; maxToolCalls: number; signal?: AbortSignal },
): Promise<CodeRun> {
  const prelude = toolPrelude(tools);
  const results: JsonValue[] = [];
  for (;;) {
    const run = await sandbox.run(`${prelude}\n${code}`, {
      ...options.runOptions,
      globals: { [RESULTS]: results },
      signal: options.signal,
    });
    const pending = pendingCall(run);
    if (!pending) return finished(run, results.length);
    if (results.length >= options.maxToolCalls)
      return {
        error: `Error: too many tool calls in one code block (the limit is ${options.maxToolCalls}).`,
        toolCalls: results.length,
      };
    const tool = Object.values(tools).find((t) => t.name === pending.name)!;
    const outcome = await tool.execute(pending.args, { signal: options.signal });
    results.push(
      outcome.ok
        ? { name: pending.name, args: pending.args as JsonValue, ok: true, value: toJson(outcome.value) }
        : {
            name: pending.name,
            args: pending.args as JsonValue,
            ok: false,
            error: `Execution error in ${pending.name}: ${outcome.error}`,
          },
    );
  }
}

function pendingCall(run: SandboxResult): { name: string; args: Record<string, unknown> } | undefined {
  const line = run.logs.find((l) => l.startsWith(MARK));
  if (!line) return undefined;
  return JSON.parse(line.slice(MARK.length)) as { name: string; args: Record<string, unknown> };
}

function finished(run: SandboxResult, toolCalls: number): CodeRun {
  if (!run.ok) {
    const message = run.error.message.replace(/\(line (\d+)\)/g, (_m, n: string) => `(line ${Number(n) - 1})`);
    // A pending call whose marker was cut by the log budget still stops the code: say why.
    if (message.includes(PENDING))
      return { error: 'Error: the code printed too much output before calling a tool; print less.', toolCalls };
    return { error: message, toolCalls };
  }
  // What it printed is the output (the prompt asks for prints); without prints, the value it produced.
  if (run.logs.length) return { output: run.logs.join('\n'), toolCalls };
  return { output: run.result === undefined ? 'null' : JSON.stringify(run.result), toolCalls };
}

function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return String(value);
  }
}
