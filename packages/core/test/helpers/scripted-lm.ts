import {
  BaseLM,
  type ChatMessage,
  type LmCallOptions,
  type LmCapabilities,
  type LmResponse,
  messageText,
} from '../../src';

type Reply = Record<string, unknown> | string;

/**
 * Core's own test LM (core cannot depend on @dspy-ts/testing): replies in ChatAdapter's
 * `[[ ## field ## ]]` format, from a function of the last user message or a fixed value.
 */
export class ScriptedLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: false,
    images: false,
  };
  readonly calls: (readonly ChatMessage[])[] = [];

  constructor(
    private readonly reply: Reply | ((lastUser: string, messages: readonly ChatMessage[]) => Reply | Promise<Reply>),
    model = 'scripted',
  ) {
    super(model);
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    this.calls.push(messages);
    const last = messageText(messages[messages.length - 1]!);
    const r = typeof this.reply === 'function' ? await this.reply(last, messages) : this.reply;
    const text =
      typeof r === 'string'
        ? r
        : `${Object.entries(r)
            .map(([k, v]) => `[[ ## ${k} ## ]]\n${typeof v === 'string' ? v : JSON.stringify(v)}`)
            .join('\n\n')}\n\n[[ ## completed ## ]]`;
    return {
      model: this.model,
      outputs: Array.from({ length: options.n ?? 1 }, () => ({ text, finishReason: 'stop' as const })),
      usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    };
  }
}
