import {
  BaseLM,
  type ChatMessage,
  type LmCache,
  type LmCallOptions,
  type LmCapabilities,
  type LmResponse,
  messageText,
} from '@dspy-ts/core';

type Reply = Record<string, unknown> | string;

/**
 * A BaseLM whose reply is a function of the last user message, in ChatAdapter's format; it
 * records the options of every provider call (rolloutId never reaches the provider, so it is
 * read from `seen`, recorded before BaseLM strips it) and can use a cache.
 */
export class ScriptedLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: false,
    images: false,
  };
  /** Options as passed to `call` (before BaseLM removes rolloutId/cache). */
  readonly seen: LmCallOptions[] = [];
  forwards = 0;

  constructor(
    private readonly reply: (
      lastUser: string,
      messages: readonly ChatMessage[],
      options: LmCallOptions,
    ) => Reply | Promise<Reply>,
    options: { cache?: boolean | LmCache; model?: string } = {},
  ) {
    super(options.model ?? 'scripted', { cache: options.cache ?? false, retry: false });
  }

  override call(messages: readonly ChatMessage[], options: LmCallOptions = {}): Promise<LmResponse> {
    this.seen.push({ ...this.callDefaults, ...options });
    return super.call(messages, options);
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    this.forwards++;
    const r = await this.reply(messageText(messages[messages.length - 1]!), messages, options);
    const text =
      typeof r === 'string'
        ? r
        : `${Object.entries(r)
            .map(([k, v]) => `[[ ## ${k} ## ]]\n${String(v)}`)
            .join('\n\n')}\n\n[[ ## completed ## ]]`;
    return {
      model: this.model,
      outputs: Array.from({ length: options.n ?? 1 }, () => ({ text, finishReason: 'stop' as const })),
      usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    };
  }
}

/** The value of `[[ ## field ## ]]` in a user message. */
export function fieldOf(message: string, field: string): string {
  const m = new RegExp(`\\[\\[ ## ${field} ## \\]\\]\\n([\\s\\S]*?)(?:\\n\\n|$)`).exec(message);
  return m ? m[1]!.trim() : '';
}
