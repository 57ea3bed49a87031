import {
  type Adapter,
  BaseLM,
  ChatAdapter,
  type ChatMessage,
  DspyError,
  type FieldSpec,
  type LmCallRecord,
  type LmCallOptions,
  type LmCapabilities,
  type LmOutput,
  type LmResponse,
  type LmStreamEvent,
} from '@dspy-ts/core';
import { messageText, ZERO_USAGE } from '@dspy-ts/core/provider-kit';

/** Output values of one reply, keyed by field name (`{ answer: 'Paris' }`). */
export type DummyAnswer = Readonly<Record<string, unknown>>;

/** A list (replayed in order) or a dict (reply chosen by a key found in the last message). */
export type DummyAnswers = readonly DummyAnswer[] | Readonly<Record<string, DummyAnswer>>;

/**
 * @example
 * new DummyLM([], { followExamples: true, adapter: new JSONAdapter() });
 */
export interface DummyLMOptions {
  /** Replay the demo whose input matches the current one, instead of the scripted answers. */
  readonly followExamples?: boolean;
  /** Add `reasoning: 'Some reasoning'` to every output, like a model with native reasoning. */
  readonly reasoning?: boolean;
  /** Renders the answers; `ChatAdapter` by default. Only the reply format depends on it. */
  readonly adapter?: Adapter;
  /** History entries kept on the LM (DSPy's history size limit). */
  readonly maxHistory?: number;
  /** Characters per delta when streaming (default 4); each delta waits a macrotask so concurrent streams interleave. */
  readonly streamChunkSize?: number;
}

const EXHAUSTED: DummyAnswer = Object.freeze({ answer: 'No more responses' });
const HEADER = /^\[\[ ## ([\p{L}\p{N}_]+) ## \]\]/u;

/**
 * DSPy's `DummyLM` for tests, with the same semantics:
 * - list mode: each completion takes the next answer; when they run out, `{ answer: 'No more responses' }`
 *   (an adapter retry, such as ChatAdapter's JSON fallback, takes an answer too);
 * - dict mode: the first key that is a substring of the last message's text picks the answer;
 *   no match gives the raw text `No more responses`;
 * - `followExamples`: replays the assistant demo whose user turn contains the current first input.
 * Answers are rendered as the adapter writes field values (`[[ ## answer ## ]]\nParis`, or JSON
 * for `JSONAdapter`). `n` completions per call, zero usage, no cache, no structured outputs.
 * `stream()` yields the same reply in small deltas (`streamChunkSize`), for streaming tests.
 *
 * @example
 * const lm = new DummyLM([{ answer: 'Paris' }]);
 * configure({ lm });
 * (await new Predict('question -> answer').call({ question: 'Capital of France?' })).answer; // 'Paris'
 */
export class DummyLM extends BaseLM {
  readonly capabilities: LmCapabilities = {
    jsonSchema: false,
    jsonObject: false,
    nativeTools: false,
    streaming: true,
    images: false,
  };
  readonly followExamples: boolean;
  readonly reasoning: boolean;
  readonly adapter: Adapter;
  private readonly list?: readonly DummyAnswer[];
  private readonly dict?: Readonly<Record<string, DummyAnswer>>;
  // An object, so `copy()`s (BestOfN/Refine rollouts) share the position, as DSPy's copies share the iterator.
  private readonly cursor = { next: 0 };
  private readonly streamChunkSize: number;

  constructor(answers: DummyAnswers = [], options: DummyLMOptions = {}) {
    super('dummy', {
      defaults: { temperature: 0, maxTokens: 1000 },
      cache: false,
      retry: false,
      maxHistory: options.maxHistory,
    });
    if (Array.isArray(answers)) this.list = [...(answers as readonly DummyAnswer[])];
    else this.dict = { ...(answers as Readonly<Record<string, DummyAnswer>>) };
    this.followExamples = options.followExamples ?? false;
    this.reasoning = options.reasoning ?? false;
    this.adapter = options.adapter ?? new ChatAdapter();
    this.streamChunkSize = Math.max(1, options.streamChunkSize ?? 4);
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    const outputs: LmOutput[] = [];
    for (let i = 0; i < (options.n ?? 1); i++) {
      const text = this.followExamples
        ? (this.useExample(messages) ?? '')
        : this.list
          ? this.render(this.list[this.cursor.next++] ?? EXHAUSTED)
          : this.fromDict(messages);
      outputs.push({ text, finishReason: 'stop', ...(this.reasoning ? { reasoning: 'Some reasoning' } : {}) });
    }
    return { model: this.model, usage: ZERO_USAGE, outputs };
  }

  /** Streams the same reply `forward` gives, in `streamChunkSize` pieces (never splitting a surrogate pair). */
  protected override async *forwardStream(
    messages: readonly ChatMessage[],
    options: LmCallOptions,
  ): AsyncIterable<LmStreamEvent> {
    const response = await this.forward(messages, options);
    const text = response.outputs[0]?.text ?? '';
    for (let i = 0; i < text.length; ) {
      let end = Math.min(text.length, i + this.streamChunkSize);
      if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!)) end++;
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
      yield { type: 'delta', text: text.slice(i, end) };
      i = end;
    }
    yield { type: 'done', response };
  }

  /** The messages and reply of the `index`-th call (negative counts from the end), as DSPy's `get_convo`. */
  getConvo(index: number): { messages: LmCallRecord['messages']; outputs: readonly string[] } {
    const entry = this.history.entries.at(index);
    if (!entry)
      throw new DspyError(
        'CONFIG_INVALID',
        `DummyLM has no call #${index}; it has been called ${this.history.entries.length} time(s).`,
      );
    return { messages: entry.messages, outputs: entry.response.outputs.map((o) => o.text) };
  }

  private fromDict(messages: readonly ChatMessage[]): string {
    const last = messages.length ? messageText(messages[messages.length - 1]!) : '';
    const key = Object.keys(this.dict!).find((k) => last.includes(k));
    return key === undefined ? 'No more responses' : this.render(this.dict![key]!);
  }

  private render(answer: DummyAnswer): string {
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
      throw new DspyError(
        'CONFIG_INVALID',
        `DummyLM answers must be objects of field values such as { answer: 'Paris' }, got ${JSON.stringify(answer)}.`,
      );
    }
    // Fields without a type: lists and objects render as JSON, like DSPy's bare OutputField().
    const fields = Object.entries(answer).map(([name, value]) => ({ field: untypedOutput(name), value }));
    return this.adapter.formatFieldsWithValues(fields, 'assistant');
  }

  /** DSPy's `_use_example`: headers seen fewer times than the most frequent one are outputs. */
  private useExample(messages: readonly ChatMessage[]): string | undefined {
    const texts = messages.map(messageText);
    const counts = new Map<string, number>();
    for (const t of texts) {
      const m = HEADER.exec(t);
      if (m) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
    }
    if (counts.size === 0)
      throw new DspyError(
        'CONFIG_INVALID',
        'DummyLM followExamples: no message starts with a [[ ## field ## ]] header, so there is no example to follow.',
      );
    const max = Math.max(...counts.values());
    const outputHeaders = [...counts].filter(([, c]) => c !== max).map(([h]) => h);
    const finalInput = texts[texts.length - 1]!.split('\n\n')[0]!;
    for (let i = texts.length - 1; i >= 1; i--) {
      if (outputHeaders.some((h) => texts[i]!.includes(h)) && texts[i - 1]!.includes(finalInput)) return texts[i];
    }
    return undefined;
  }
}

function untypedOutput(name: string): FieldSpec {
  return {
    name,
    role: 'output',
    type: { kind: 'any' },
    desc: `\${${name}}`,
    prefix: `${name}:`,
    optional: false,
    hasDefault: false,
  };
}
