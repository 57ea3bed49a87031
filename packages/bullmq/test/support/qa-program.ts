import {
  BaseLM,
  LmError,
  Module,
  Predict,
  Program,
  type ChatMessage,
  type Example,
  type LmCapabilities,
  type LmResponse,
} from '@dspy-ts/core';

/** The program the distributed tests run: one predictor, so its saved state carries demos and instructions. */
@Module({ description: 'Answers arithmetic questions' })
export class QA extends Program<{ question: string }> {
  readonly answer = new Predict('question -> answer');
  async forward({ question }: { question: string }) {
    return this.answer.call({ question });
  }
}

/** Exact match on `answer`, registered on workers under its function name. */
export function answerMatches(example: Example, prediction: { answer?: unknown }): boolean {
  return String(prediction.answer).trim() === String(example.get('answer')).trim();
}

/**
 * What the fake LM answers for a prompt: the sum for "a + b" questions, except that it gets every
 * question whose first number is a multiple of 3 wrong, and fails (HTTP 500 / throws) on "poison".
 */
export function replyFor(promptText: string): string {
  const m = /What is (\d+) \+ (\d+)\?(?![\s\S]*What is \d+ \+ \d+\?)/.exec(promptText);
  if (!m) return '[[ ## answer ## ]]\nunknown\n\n[[ ## completed ## ]]';
  const [a, b] = [Number(m[1]), Number(m[2])];
  const answer = a % 3 === 0 ? a + b + 1 : a + b;
  return `[[ ## answer ## ]]\n${answer}\n\n[[ ## completed ## ]]`;
}

/** An in-process LM that answers with `replyFor` (for tests that do not need HTTP). */
export class ArithmeticLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: false,
    images: false,
  };
  constructor() {
    super('arithmetic', { provider: 'test', retry: false });
  }
  protected async forward(messages: readonly ChatMessage[]): Promise<LmResponse> {
    const text = messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
    if (text.includes('poison'))
      throw new LmError('LM_SERVER', 'the fake server failed (poison example)', { provider: 'test' });
    return {
      model: this.model,
      outputs: [{ text: replyFor(text) }],
      usage: { promptTokens: 10, completionTokens: 3, totalTokens: 13 },
    };
  }
}

/**
 * A fake LM whose accuracy depends on the demos in the prompt, so optimizer candidates (different
 * demo sets) score differently: the last "a + b" question is answered right when a % 5 is 0 or 1,
 * or when a demo's question has the same a % 5; otherwise it is off by one.
 */
export function demoAwareReply(promptText: string): string {
  const questions = [...promptText.matchAll(/What is (\d+) \+ (\d+)\?/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const last = questions.at(-1);
  if (!last) return '[[ ## answer ## ]]\nunknown\n\n[[ ## completed ## ]]';
  const [a, b] = last as [number, number];
  const helped = a % 5 <= 1 || questions.slice(0, -1).some(([x]) => x! % 5 === a % 5);
  return `[[ ## answer ## ]]\n${helped ? a + b : a + b + 1}\n\n[[ ## completed ## ]]`;
}
