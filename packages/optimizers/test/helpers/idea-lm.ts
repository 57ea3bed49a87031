import { BaseLM, type ChatMessage, type LmCallOptions, type LmCapabilities, type LmResponse } from '@dspy-ts/core';
import { FakeIdeaServer, type FakeIdeaServerOptions } from '@dspy-ts/testing';

/** FakeIdeaServer's answers in process (no HTTP), for fast scripted unit tests. */
export class IdeaLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: false,
    images: false,
  };
  readonly brain: FakeIdeaServer;

  constructor(options: FakeIdeaServerOptions = {}, maxConcurrency?: number) {
    super('idea', { cache: false, retry: false, maxConcurrency });
    this.brain = new FakeIdeaServer(options);
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    const body = { messages: messages.map((m) => ({ role: m.role, content: m.content })) };
    const outputs = Array.from({ length: options.n ?? 1 }, (_, i) => ({
      text: this.brain.respond(body, i),
      finishReason: 'stop' as const,
    }));
    return { model: this.model, outputs, usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } };
  }
}
