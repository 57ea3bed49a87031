import type { SandboxResult } from '../tools/sandbox';

/** Code to run, or the reason there is none (shown to the model like a run's error). */
export type ParsedCode = { code: string; error?: undefined } | { code: string; error: string };

// A fenced block, language tag optional; an unclosed fence (a truncated reply) runs to the end.
// The tag is only taken when a line break follows, so "```const x = 1```" keeps its code.
const FENCE = /```(?:[\w+-]+(?=[ \t]*\r?\n))?[ \t]*\r?\n?([\s\S]*?)(?:```|$)/;
// `x = ...`, `const x = ...` (not `==`, `=>`): DSPy makes such a last line the program's value.
const ASSIGNMENT = /^(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*=(?![=>])/;

/**
 * DSPy's `_parse_code` for JavaScript: the code inside the first markdown fence (or the whole
 * text), and, when the last line assigns a variable, that variable appended as the final
 * expression so its value is the program's result (`const answer = 42` → 42).
 * DSPy's Python-specific cuts (at `---`, at three blank lines, one-liners with two `=`) are
 * left out: all three occur in valid JavaScript (`i---j`, `a === b`).
 *
 * @example
 * parseGeneratedCode('```js\nconst total = 2 + 3\n```'); // { code: 'const total = 2 + 3\ntotal' }
 */
export function parseGeneratedCode(text: unknown): ParsedCode {
  const raw = typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text);
  const fenced = FENCE.exec(raw);
  const code = (fenced ? fenced[1]! : raw).trim();
  if (code === '') return { code: raw, error: 'Error: Empty code after parsing.' };
  const lines = code.split('\n');
  const last = ASSIGNMENT.exec(lines[lines.length - 1]!.trim());
  return { code: last && lines.length > 1 ? `${code}\n${last[1]}` : code };
}

/** Longest error text put into the next prompt. */
const MAX_ERROR_CHARS = 4_000;

/**
 * What the answer step sees as `code_output`: the result as JSON (DSPy's `json.dumps`), or,
 * when the code produced no value, what it printed. Nothing at all counts as an error, so the
 * model is asked to fix the code rather than answer from nothing.
 */
export function codeOutputOf(
  run: SandboxResult,
): { output: string; error?: undefined } | { output?: undefined; error: string } {
  // A sandbox caps its errors; this guards the prompt against one that does not.
  if (!run.ok)
    return {
      error:
        run.error.message.length > MAX_ERROR_CHARS
          ? `${run.error.message.slice(0, MAX_ERROR_CHARS)}… [truncated: ${run.error.message.length} characters in all]`
          : run.error.message,
    };
  if (run.result !== undefined) return { output: JSON.stringify(run.result) };
  if (run.logs.length > 0) return { output: run.logs.join('\n') };
  return { error: 'Error: the code ran but produced no output. Call `SUBMIT({...})` with the final values.' };
}
