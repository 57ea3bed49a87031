import {
  type ChatMessage,
  type LanguageModel,
  type LmCallOptions,
  type LmCapabilities,
  type LmResponse,
} from '@dspy-ts/core';
import { messageText } from '@dspy-ts/core/provider-kit';

/**
 * A bare `LanguageModel` whose reply text is `fn(messages, options)`: it sees every option a
 * caller passes, `rolloutId` and `temperature` included (BaseLM strips `rolloutId` before
 * `forward`). Records every call.
 */
export class FnLM implements LanguageModel {
  readonly model = 'fn';
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: false,
    images: false,
  };
  readonly calls: { messages: { role: string; content: string }[]; options: LmCallOptions; reply: string }[] = [];

  constructor(private readonly fn: (messages: readonly ChatMessage[], options: LmCallOptions) => string) {}

  async call(messages: readonly ChatMessage[], options: LmCallOptions = {}): Promise<LmResponse> {
    const text = this.fn(messages, options);
    this.calls.push({
      messages: messages.map((m) => ({ role: m.role, content: messageText(m) })),
      options,
      reply: text,
    });
    return {
      model: this.model,
      outputs: [{ text, finishReason: 'stop' }],
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
    };
  }
}
