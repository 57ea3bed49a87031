import { createHash } from 'node:crypto';
import { BaseLM, type ChatMessage, type LmCallOptions, type LmCapabilities, type LmResponse } from '@dspy-ts/core';

/**
 * The scripted LM of scripts/dspy-goldens-mipro-proposer.py: each output field gets
 * "<Title Case Name>: reply <sha256(last message)[:8]> for <name>", so replies depend on the
 * request, never on call order. Records every request's messages.
 */
export class HashReplyLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: false,
    images: false,
  };
  readonly requests: { messages: { role: string; content: string }[] }[] = [];

  constructor() {
    super('scripted', { cache: false, retry: false });
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    const system = String(messages[0]!.content);
    const section = system.split('Your output fields are:')[1]!.split('All interactions')[0]!;
    const outputs = [...section.matchAll(/^\d+\. `(\w+)`/gm)].map((m) => m[1]!);
    this.requests.push({ messages: messages.map((m) => ({ role: m.role, content: String(m.content) })) });
    const k = createHash('sha256')
      .update(String(messages[messages.length - 1]!.content))
      .digest('hex')
      .slice(0, 8);
    const title = (o: string) =>
      o
        .split('_')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join(' ');
    const text = `${outputs.map((o) => `[[ ## ${o} ## ]]\n${title(o)}: reply ${k} for ${o}`).join('\n\n')}\n\n[[ ## completed ## ]]`;
    return {
      model: this.model,
      outputs: Array.from({ length: options.n ?? 1 }, () => ({ text, finishReason: 'stop' as const })),
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
    };
  }
}
