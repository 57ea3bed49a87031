import type { ChatMessage, LanguageModel, LmResponse } from '@dspy-ts/core';

const ZERO = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
const field = (name: string, value: string) => `[[ ## ${name} ## ]]\n${value}`;

/**
 * A zero-latency LM for the load benchmark: answers each SupportBot step in ChatAdapter format
 * at once (no BaseLM, no history), so what is measured is the service, not a model.
 */
export class FakeSupportLM implements LanguageModel {
  readonly model = 'fake/zero-latency';
  readonly capabilities = { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: false, images: false };

  async call(messages: readonly ChatMessage[]): Promise<LmResponse> {
    const prompt = String(messages[messages.length - 1]!.content);
    let text: string;
    if (prompt.includes('`[[ ## search_query ## ]]`')) text = field('search_query', 'order status tracking');
    else if (prompt.includes('`[[ ## answers_question ## ]]`'))
      text = `${field('answers_question', 'True')}\n\n${field('feedback', '')}`;
    else
      text = field(
        'answer',
        "I'm sorry for the wait. Your tracking link is in the shipping confirmation email and under Account > Orders.",
      );
    return { model: this.model, usage: ZERO, outputs: [{ text, finishReason: 'stop' }] };
  }
}
