/** Chat roles as every provider understands them. */
export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export type ContentPart =
  | { readonly type: 'text'; readonly text: string }
  /** `url` is an http(s) URL or a `data:` URI; `base64` is raw base64 image bytes. */
  | { readonly type: 'image'; readonly url?: string; readonly base64?: string; readonly mimeType?: string };

/** A tool call requested by the model (native tool calling). */
export interface ToolCall {
  readonly id?: string;
  readonly name: string;
  readonly args: Record<string, unknown>;
}

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string | readonly ContentPart[];
  /** Assistant turns that requested tools. */
  readonly toolCalls?: readonly ToolCall[];
  /** Tool-result turns: which call this answers. */
  readonly toolCallId?: string;
  readonly name?: string;
}

/** A tool offered to the model for native tool calling (OpenAI function shape, JSON Schema parameters). */
export interface ToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly parameters: Record<string, unknown>;
}

/** Text content of a message, with image parts dropped. */
export function messageText(m: ChatMessage): string {
  return typeof m.content === 'string' ? m.content : m.content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}
