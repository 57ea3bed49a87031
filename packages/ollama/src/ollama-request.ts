import type { ChatMessage, ContentPart, LmCallOptions } from '@dspy-ts/core';
import { DspyError } from '@dspy-ts/core';
import type { ChatRequest, Message, Tool } from 'ollama/browser';

/** Keys of `extra` that are top-level request fields in Ollama's API; every other key goes into `options`. */
const TOP_LEVEL = new Set(['keep_alive', 'think', 'format', 'logprobs', 'top_logprobs']);

/**
 * The `/api/chat` body for one request, mapping dspy-ts options to Ollama's: temperature,
 * maxTokens → num_predict, topP → top_p, seed, stop; `extra.num_ctx` and any other model
 * option into `options`; `extra.keep_alive` / `extra.think` at the top level; a JSON-schema
 * response format into `format` (constrained decoding), `json_object` into `format: "json"`.
 */
export function buildChatRequest(model: string, messages: Message[], o: LmCallOptions, seedOffset = 0): ChatRequest {
  const options: Record<string, unknown> = {};
  if (o.temperature !== undefined) options.temperature = o.temperature;
  if (o.maxTokens !== undefined) options.num_predict = o.maxTokens;
  if (o.topP !== undefined) options.top_p = o.topP;
  if (o.seed !== undefined) options.seed = o.seed + seedOffset;
  if (o.stop?.length) options.stop = [...o.stop];
  const request: Record<string, unknown> = { model, messages };
  const rf = o.responseFormat;
  if (rf?.type === 'json_schema') request.format = rf.schema;
  else if (rf?.type === 'json_object') request.format = 'json';
  if (o.tools?.length)
    request.tools = o.tools.map(
      (t): Tool => ({
        type: 'function',
        function: {
          name: t.name,
          description: t.description,
          parameters: t.parameters as Tool['function']['parameters'],
        },
      }),
    );
  for (const [k, v] of Object.entries(o.extra ?? {})) {
    if (v === undefined) continue;
    if (k === 'options' && typeof v === 'object' && v !== null) Object.assign(options, v);
    else if (TOP_LEVEL.has(k)) request[k] = v;
    else options[k] = v;
  }
  if (Object.keys(options).length > 0) request.options = options;
  request.stream = false;
  return request as unknown as ChatRequest;
}

/** dspy-ts messages → Ollama messages (text joined, images as base64, tool calls and results). */
export async function toOllamaMessages(
  messages: readonly ChatMessage[],
  signal?: AbortSignal,
  fetchImageUrls = false,
): Promise<Message[]> {
  const out: Message[] = [];
  for (const m of messages) {
    const msg: Message = { role: m.role, content: '' };
    if (typeof m.content === 'string') msg.content = m.content;
    else {
      const images: string[] = [];
      for (const part of m.content) {
        if (part.type === 'text') msg.content += part.text;
        else images.push(await imageBase64(part, signal, fetchImageUrls));
      }
      if (images.length) msg.images = images;
    }
    if (m.toolCalls?.length)
      msg.tool_calls = m.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.args } }));
    if (m.role === 'tool' && m.name) msg.tool_name = m.name;
    out.push(msg);
  }
  return out;
}

/** True when no message has an image part (the common case: no async work needed). */
export function textOnly(messages: readonly ChatMessage[]): boolean {
  return messages.every((m) => typeof m.content === 'string');
}

/** Fast path of `toOllamaMessages` for messages whose contents are all strings. */
export function toOllamaTextMessages(messages: readonly ChatMessage[]): Message[] {
  return messages.map((m) => {
    const msg: Message = { role: m.role, content: m.content as string };
    if (m.toolCalls?.length)
      msg.tool_calls = m.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.args } }));
    if (m.role === 'tool' && m.name) msg.tool_name = m.name;
    return msg;
  });
}

async function imageBase64(
  part: Extract<ContentPart, { type: 'image' }>,
  signal: AbortSignal | undefined,
  fetchImageUrls: boolean,
): Promise<string> {
  if (part.base64) return part.base64;
  const url = part.url ?? '';
  const data = /^data:[^;,]*(;[^,]*)?,/.exec(url);
  if (data) {
    const payload = url.slice(data[0].length);
    return data[1]?.includes('base64') ? payload : Buffer.from(decodeURIComponent(payload)).toString('base64');
  }
  if (/^https?:\/\//i.test(url)) {
    // Downloading happens on this server: an untrusted URL could reach internal addresses, so it is opt-in.
    if (!fetchImageUrls) {
      throw new DspyError(
        'NOT_SUPPORTED',
        `Ollama takes images as base64, and downloading ${url} here is off by default (an untrusted URL could make this server fetch internal addresses). ` +
          'Pass the image as base64 or a data: URL (Image.fromBytes / Image.fromFile), or set `fetchImageUrls: true` on OllamaLM for trusted URLs.',
      );
    }
    const res = await fetch(url, { signal });
    if (!res.ok)
      throw new DspyError(
        'INPUT_INVALID',
        `Could not download the image ${url} (HTTP ${res.status}) to send it to Ollama. Pass the image as base64 or a data: URL instead.`,
      );
    return Buffer.from(await res.arrayBuffer()).toString('base64');
  }
  throw new DspyError(
    'INPUT_INVALID',
    'An image part has neither `base64` nor a data:/http(s) `url`. Give one of them.',
  );
}
