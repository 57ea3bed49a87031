import type { RecordedRequest } from './recording-server';

/** A tool call the fake model "makes". */
export interface FakeToolCall {
  readonly name: string;
  readonly args: Record<string, unknown>;
  readonly id?: string;
}

/** What the fake model answers to one chat request (or one choice of it). */
export interface FakeChatReply {
  readonly content?: string;
  /** Separate reasoning text (Ollama `thinking`, OpenAI-compatible `reasoning_content`). */
  readonly thinking?: string;
  readonly toolCalls?: readonly FakeToolCall[];
  /** Defaults to about one token per 4 characters of the request's messages. */
  readonly promptTokens?: number;
  /** Defaults to about one token per 4 characters of `content`. */
  readonly completionTokens?: number;
  readonly finishReason?: 'stop' | 'length' | 'tool_calls';
}

/** Computes a reply from the request, e.g. to echo the question or answer per prompt. */
export type FakeResponder = (request: RecordedRequest) => FakeChatReply | Promise<FakeChatReply>;

/**
 * Scripted replies: queued ones first (in order), then the responder.
 *
 * @example
 * server.script.enqueue({ content: 'first' }, { content: 'second' });
 * server.script.respondWith((req) => ({ content: `echo: ${req.body.messages.at(-1).content}` }));
 */
export class ChatScript {
  private readonly queue: FakeChatReply[] = [];
  private responder: FakeResponder = () => ({ content: 'ok' });

  enqueue(...replies: FakeChatReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** Used once the queue is empty (default: `{ content: 'ok' }`). */
  respondWith(responder: FakeResponder | FakeChatReply): this {
    this.responder = typeof responder === 'function' ? responder : () => responder;
    return this;
  }

  get pending(): number {
    return this.queue.length;
  }

  async next(request: RecordedRequest): Promise<FakeChatReply> {
    return this.queue.shift() ?? (await this.responder(request));
  }
}

/** Rough token count used when a reply does not give one: ceil(characters / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Text of a request's chat messages (string contents and text parts), for token estimates. */
export function requestText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  return messages
    .map((m) =>
      typeof m.content === 'string'
        ? m.content
        : Array.isArray(m.content)
          ? m.content.map((p: any) => p.text ?? '').join('')
          : '',
    )
    .join('\n');
}

/** Splits `text` into pieces of `size` characters (at least one piece, possibly empty). */
export function splitChunks(text: string, size: number): string[] {
  if (text.length === 0) return [];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}
