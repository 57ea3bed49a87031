import type { FinishReason, LmOutput, LmUsage, ToolCall } from '@dspy-ts/core';

interface WireToolCall {
  id?: string;
  function?: { name?: string; arguments?: string };
}

export interface WireChoice {
  index?: number;
  message?: {
    content?: string | null;
    reasoning_content?: string | null;
    reasoning?: string | null;
    tool_calls?: WireToolCall[];
  };
  finish_reason?: string | null;
}

export interface WireUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
}

/** One chat-completions choice → one dspy-ts output. */
export function toOutput(choice: WireChoice): LmOutput {
  const m = choice.message ?? {};
  return buildOutput(
    m.content ?? '',
    m.reasoning_content ?? m.reasoning ?? undefined,
    m.tool_calls,
    choice.finish_reason ?? undefined,
  );
}

export function buildOutput(
  text: string,
  reasoning: string | undefined,
  toolCalls: readonly WireToolCall[] | undefined,
  finish: string | undefined,
): LmOutput {
  const out: { -readonly [K in keyof LmOutput]: LmOutput[K] } = { text };
  if (reasoning) out.reasoning = reasoning;
  const calls = (toolCalls ?? []).map(toToolCall);
  if (calls.length) out.toolCalls = calls;
  out.finishReason = finishReason(finish, calls.length > 0);
  return out;
}

export function toUsage(u: WireUsage | undefined): LmUsage {
  const promptTokens = u?.prompt_tokens ?? 0;
  const completionTokens = u?.completion_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: u?.total_tokens ?? promptTokens + completionTokens };
}

function toToolCall(c: WireToolCall): ToolCall {
  const raw = c.function?.arguments ?? '';
  let args: Record<string, unknown>;
  try {
    const v = raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
    args = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    args = { _raw: raw };
  }
  const call: { -readonly [K in keyof ToolCall]: ToolCall[K] } = { name: c.function?.name ?? '', args };
  if (c.id) call.id = c.id;
  return call;
}

function finishReason(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'stop':
      return hasToolCalls ? 'tool_calls' : 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case undefined:
      return hasToolCalls ? 'tool_calls' : 'stop';
    default:
      return 'unknown';
  }
}
