import { BaseLM, type ChatMessage, type LmCallOptions, type LmCapabilities, type LmResponse } from '@dspy-ts/core';
import { FakeIdeaServer } from '@dspy-ts/testing';

/**
 * FakeIdeaServer's answers in process (no HTTP): it answers MIPROv2's proposer prompts (dataset
 * summary, program description, instructions) and reverses words, better with demos or a good instruction.
 */
export class IdeaLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: false,
    images: false,
  };
  readonly brain = new FakeIdeaServer();

  constructor() {
    super('idea', { cache: false, retry: false });
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
