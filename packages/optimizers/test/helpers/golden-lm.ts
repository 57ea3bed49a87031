import { BaseLM, type ChatMessage, type LmCallOptions, type LmCapabilities, type LmResponse } from '@dspy-ts/core';

/**
 * The scripted LM of scripts/dspy-goldens-copro.py, ported: proposer requests get numbered
 * instructions ("Instruction <k>", "Prefix <k>:"), task requests an answer that is right by a
 * fixed rule of the instruction number and the question. Records proposer requests.
 */
export class GoldenLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: false,
    images: false,
  };
  readonly requests: { messages: { role: string; content: string }[]; n: number; temperature: unknown }[] = [];
  private proposals = 0;

  constructor() {
    super('scripted', { cache: false, retry: false });
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    const n = options.n ?? 1;
    const system = String(messages[0]!.content);
    const texts: string[] = [];
    if (system.includes('`proposed_instruction`')) {
      this.requests.push({
        messages: messages.map((m) => ({ role: m.role, content: String(m.content) })),
        n,
        temperature: options.temperature ?? null,
      });
      for (let i = 0; i < n; i++) {
        const k = ++this.proposals;
        texts.push(
          `[[ ## proposed_instruction ## ]]\nInstruction ${k}\n\n[[ ## proposed_prefix_for_output_field ## ]]\nPrefix ${k}:\n\n[[ ## completed ## ]]`,
        );
      }
    } else {
      const q = /\[\[ ## question ## \]\]\n(\S+)/.exec(String(messages[messages.length - 1]!.content))![1]!;
      for (let i = 0; i < n; i++) texts.push(`[[ ## answer ## ]]\n${taskAnswer(system, q)}\n\n[[ ## completed ## ]]`);
    }
    return {
      model: this.model,
      outputs: texts.map((text) => ({ text, finishReason: 'stop' as const })),
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
    };
  }
}

export function taskAnswer(system: string, question: string): string {
  const m = /Instruction (\d+)/.exec(system);
  const n = m ? Number(m[1]) : 0;
  const i = Number(question.slice(1));
  return (n * 7 + i) % 4 < (n % 3) + 1 ? `a${i}` : 'wrong';
}
