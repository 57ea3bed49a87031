import { type ChatMessage, DspyError } from '@dspy-ts/core';
import { messageText } from '@dspy-ts/core/provider-kit';
import type { ChatHistoryItem } from 'node-llama-cpp' with { 'resolution-mode': 'import' };

/**
 * Chat messages as node-llama-cpp's chat history, ending with the model turn to generate: an
 * empty one, or the last assistant message when the caller prefilled it (generation continues it).
 * Tool results become user turns; images are refused (`NOT_SUPPORTED`).
 *
 * @example
 * toChatHistory([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]);
 * // [{ type: 'system', text: 'Be brief.' }, { type: 'user', text: 'Hi' }, { type: 'model', response: [] }]
 */
export function toChatHistory(messages: readonly ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m) => {
    if (typeof m.content !== 'string' && m.content.some((p) => p.type === 'image')) {
      throw new DspyError(
        'NOT_SUPPORTED',
        'LlamaCppLM takes text only; this message has an image. Use a provider with image support (e.g. OllamaLM with a vision model).',
      );
    }
    const text = messageText(m);
    switch (m.role) {
      case 'system':
        return { type: 'system', text };
      case 'assistant':
        return { type: 'model', response: text ? [text] : [] };
      case 'tool':
        return { type: 'user', text: `Tool result${m.name ? ` (${m.name})` : ''}:\n${text}` };
      default:
        return { type: 'user', text };
    }
  });
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}
