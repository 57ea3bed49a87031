import type { ChatMessage, ContentPart } from '../lm/messages';
import { pyJsonDumps } from '../py';

/** An OpenAI chat content block, the shape DSPy's custom types `format()` to. */
export type OpenAIContentBlock =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: string; [key: string]: unknown };

export const CUSTOM_TYPE_START = '<<CUSTOM-TYPE-START-IDENTIFIER>>';
export const CUSTOM_TYPE_END = '<<CUSTOM-TYPE-END-IDENTIFIER>>';
const MARKER = /<<CUSTOM-TYPE-START-IDENTIFIER>>([\s\S]*?)<<CUSTOM-TYPE-END-IDENTIFIER>>/g;

/**
 * DSPy's `Type.serialize_model`: content blocks as JSON (Python `json.dumps` spacing) between
 * the custom-type identifiers, so they survive being written into message text.
 *
 * @example
 * customTypeMarker([{ type: 'image_url', image_url: { url: 'https://x/y.png' } }]);
 * // '<<CUSTOM-TYPE-START-IDENTIFIER>>[{"type": "image_url", ...}]<<CUSTOM-TYPE-END-IDENTIFIER>>'
 */
export function customTypeMarker(blocks: readonly OpenAIContentBlock[]): string {
  return `${CUSTOM_TYPE_START}${pyJsonDumps(blocks)}${CUSTOM_TYPE_END}`;
}

/**
 * DSPy's `split_message_content_for_custom_types` for one user message: text around each
 * marker becomes text parts, each marker its blocks (`image_url` → an `image` part). Other
 * roles and marker-free text are returned unchanged.
 *
 * @example
 * expandCustomTypes({ role: 'user', content: `see ${img}` }).content; // [{ type: 'text', text: 'see ' }, { type: 'image', url }]
 */
export function expandCustomTypes(message: ChatMessage): ChatMessage {
  if (message.role !== 'user' || typeof message.content !== 'string' || !message.content.includes(CUSTOM_TYPE_START))
    return message;
  const text = message.content;
  const parts: ContentPart[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    if (m.index > last) parts.push({ type: 'text', text: text.slice(last, m.index) });
    parts.push(...payloadParts(m[1]!.trim()));
    last = m.index + m[0].length;
  }
  if (last === 0) return message;
  if (last < text.length) parts.push({ type: 'text', text: text.slice(last) });
  return { ...message, content: parts };
}

function payloadParts(payload: string): ContentPart[] {
  const blocks = parsePayload(payload);
  if (!Array.isArray(blocks)) return [{ type: 'text', text: payload }];
  return blocks.map(toContentPart);
}

// Inside a list or dict value the marker's JSON is JSON-encoded a second time (`[{\"type\": ...`).
function parsePayload(payload: string): unknown {
  for (const parse of [(s: string) => JSON.parse(s), (s: string) => JSON.parse(JSON.parse(`"${s}"`))]) {
    try {
      return parse(payload);
    } catch {
      // try the next decoding, as DSPy does
    }
  }
  return undefined;
}

/**
 * An OpenAI content block as a dspy-ts part. Blocks with no dspy-ts equivalent (audio, files)
 * are kept as their JSON text so nothing is silently dropped.
 */
function toContentPart(block: unknown): ContentPart {
  const b = block as Partial<OpenAIContentBlock> | null;
  if (b?.type === 'text' && typeof b.text === 'string') return { type: 'text', text: b.text };
  if (b?.type === 'image_url') {
    const url = b.image_url as { url?: unknown } | string | undefined;
    return { type: 'image', url: typeof url === 'string' ? url : String(url?.url ?? '') };
  }
  return { type: 'text', text: typeof block === 'string' ? block : JSON.stringify(block) };
}
