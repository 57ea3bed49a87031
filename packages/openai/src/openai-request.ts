import type { ChatMessage, LmCallOptions } from '@dspy-ts/core';

/** Which body field carries the token limit: reasoning models (o1, o3, o4, gpt-5 except gpt-5-chat) take `max_completion_tokens`. */
export function maxTokensField(model: string): 'max_tokens' | 'max_completion_tokens' {
  const name = model.replace(/^.*\//, '');
  return /^(o\d|gpt-5)/.test(name) && !/^gpt-5-chat/.test(name) ? 'max_completion_tokens' : 'max_tokens';
}

/**
 * The `/chat/completions` body: dspy-ts options → OpenAI fields; a JSON-schema response format →
 * `response_format: { type: 'json_schema', json_schema: { name, schema, strict? } }`; tools →
 * `tools: [{ type: 'function', function }]`; `extra` keys are copied as they are (e.g. vLLM's
 * `guided_json`, `repetition_penalty`).
 */
export function buildChatBody(
  model: string,
  messages: readonly ChatMessage[],
  o: LmCallOptions,
  n: number,
): Record<string, unknown> {
  const body: Record<string, unknown> = { model, messages: messages.map(toOpenAIMessage) };
  if (o.temperature !== undefined) body.temperature = o.temperature;
  if (o.maxTokens !== undefined) body[maxTokensField(model)] = o.maxTokens;
  if (n > 1) body.n = n;
  if (o.stop?.length) body.stop = [...o.stop];
  if (o.topP !== undefined) body.top_p = o.topP;
  if (o.seed !== undefined) body.seed = o.seed;
  const rf = o.responseFormat;
  if (rf?.type === 'json_schema') {
    const json_schema: Record<string, unknown> = {
      name: rf.name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'output',
      schema: rf.schema,
    };
    if (rf.strict !== undefined) json_schema.strict = rf.strict;
    body.response_format = { type: 'json_schema', json_schema };
  } else if (rf?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (o.tools?.length)
    body.tools = o.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  for (const [k, v] of Object.entries(o.extra ?? {})) if (v !== undefined) body[k] = v;
  return body;
}

/** dspy-ts message → OpenAI chat message (parts only when there are images). */
export function toOpenAIMessage(m: ChatMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { role: m.role };
  if (typeof m.content === 'string') out.content = m.content;
  else if (m.content.every((p) => p.type === 'text'))
    out.content = m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
  else {
    out.content = m.content.map((p) =>
      p.type === 'text'
        ? { type: 'text', text: p.text }
        : {
            type: 'image_url',
            image_url: { url: p.url ?? `data:${p.mimeType ?? 'image/png'};base64,${p.base64 ?? ''}` },
          },
    );
  }
  if (m.toolCalls?.length) {
    out.tool_calls = m.toolCalls.map((c, i) => ({
      id: c.id ?? `call_${i}`,
      type: 'function',
      function: { name: c.name, arguments: JSON.stringify(c.args) },
    }));
    if (out.content === '') out.content = null;
  }
  if (m.role === 'tool' && m.toolCallId) out.tool_call_id = m.toolCallId;
  if (m.name && m.role !== 'tool') out.name = m.name;
  return out;
}
