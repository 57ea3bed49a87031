import type { FinishReason, LmOutput, LmUsage, ToolCall } from '@dspy-ts/core';
import type { ChatResponse, ToolCall as OllamaToolCall } from 'ollama/browser';

/** One Ollama chat reply → one dspy-ts output (text, thinking as `reasoning`, native tool calls). */
export function toOutput(
  text: string,
  thinking: string | undefined,
  toolCalls: readonly OllamaToolCall[] | undefined,
  doneReason: string | undefined,
): LmOutput {
  const calls = toToolCalls(toolCalls);
  const output: { -readonly [K in keyof LmOutput]: LmOutput[K] } = { text };
  if (thinking) output.reasoning = thinking;
  if (calls.length) output.toolCalls = calls;
  output.finishReason = finishReason(doneReason, calls.length > 0);
  return output;
}

export function toToolCalls(calls: readonly OllamaToolCall[] | undefined): ToolCall[] {
  return (calls ?? []).map((c) => ({ name: c.function.name, args: parseArgs(c.function.arguments) }));
}

export function finishReason(doneReason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (hasToolCalls) return 'tool_calls';
  if (doneReason === 'length') return 'length';
  if (doneReason === 'stop' || doneReason === undefined) return 'stop';
  return 'unknown';
}

/** Tokens from `prompt_eval_count` / `eval_count` (0 when Ollama omits them, e.g. a fully cached prompt). */
export function toUsage(res: Pick<ChatResponse, 'prompt_eval_count' | 'eval_count'>): LmUsage {
  const promptTokens = res.prompt_eval_count ?? 0;
  const completionTokens = res.eval_count ?? 0;
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

// Some models send arguments as a JSON string instead of an object.
function parseArgs(args: unknown): Record<string, unknown> {
  if (typeof args === 'string') {
    try {
      const v = JSON.parse(args) as unknown;
      return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : { value: v };
    } catch {
      return { value: args };
    }
  }
  return typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
}
