import { BaseLM, type BaseLMOptions } from '../lm/base-lm';
import type { LmCallOptions, LmCapabilities, LmOutput, LmResponse, LmUsage } from '../lm/language-model';
import { type ChatMessage, messageText } from '../lm/messages';

/** A raw LM output to answer with verbatim (tool calls, finish reasons, empty text); see `lmOutput`. */
class RawOutput {
  constructor(readonly output: LmOutput) {}
}

/**
 * One scripted reply: a string (the reply text), a record of output fields (written in
 * ChatAdapter's `[[ ## field ## ]]` format; non-strings as JSON), `lmOutput(...)` for a raw output,
 * or an `Error` to throw from the provider call.
 */
export type ScriptedReply = string | Readonly<Record<string, unknown>> | RawOutput | Error;

/** Computes a reply from the last message's text, all messages and the call options. */
export type ScriptedReplyFn = (
  lastMessage: string,
  messages: readonly ChatMessage[],
  options: LmCallOptions,
) => ScriptedReply | Promise<ScriptedReply>;

/**
 * Options of `ScriptedLM`: BaseLM's (cache and retries default to off) plus what it reports to be.
 *
 * @example
 * new ScriptedLM([{ answer: 'Paris' }], { model: 'gpt-4o-mini', capabilities: { jsonSchema: true } })
 */
export interface ScriptedLMOptions extends BaseLMOptions {
  /** Default `'scripted'`. */
  readonly model?: string;
  /** Merged over all-false capabilities. */
  readonly capabilities?: Partial<LmCapabilities>;
  /** Usage reported per provider call (default 10 prompt + 5 completion tokens). */
  readonly usage?: LmUsage;
}

const NO_CAPABILITIES: LmCapabilities = {
  jsonSchema: false,
  jsonObject: false,
  nativeTools: false,
  streaming: false,
  images: false,
};

/**
 * Wraps an `LmOutput` so `ScriptedLM` answers with it verbatim.
 *
 * @example
 * new ScriptedLM([lmOutput({ text: '', toolCalls: [{ id: 'c1', name: 'search', args: { q: 'x' } }] })]);
 */
export function lmOutput(output: LmOutput): ScriptedReply {
  return new RawOutput(output);
}

/**
 * The scripted LM for unit tests: a real `BaseLM` (history, usage, the cache when asked for)
 * whose provider call answers from a script — one fixed reply, a list (call i gets reply i, the
 * last one repeats), or a function of the last message. Records every call.
 *
 * @example
 * const lm = new ScriptedLM({ answer: 'Paris' });              // every reply: [[ ## answer ## ]]\nParis ...
 * const lm2 = new ScriptedLM(['not parseable', '{"answer": "Paris"}']);
 * const lm3 = new ScriptedLM((last) => ({ answer: last.includes('France') ? 'Paris' : '?' }));
 * await new Predict('question -> answer').call({ question: 'Capital of France?' }, { lm });
 * lm.calls[0].messages; // what the adapter sent
 */
export class ScriptedLM extends BaseLM {
  readonly capabilities: LmCapabilities;
  /** Every `call` (cache hits included): the messages and the options merged over the LM's defaults, as passed in. */
  readonly calls: { readonly messages: readonly ChatMessage[]; readonly options: LmCallOptions }[] = [];
  /** Calls that reached the provider (not answered from the cache). */
  forwards = 0;
  private readonly replyUsage: LmUsage;

  constructor(
    private readonly script: ScriptedReply | readonly ScriptedReply[] | ScriptedReplyFn,
    options: ScriptedLMOptions = {},
  ) {
    const { model, capabilities, usage, ...base } = options;
    super(model ?? 'scripted', { cache: false, retry: false, ...base });
    this.capabilities = { ...NO_CAPABILITIES, ...capabilities };
    this.replyUsage = usage ?? { promptTokens: 10, completionTokens: 5, totalTokens: 15 };
  }

  override call(messages: readonly ChatMessage[], options: LmCallOptions = {}): Promise<LmResponse> {
    this.calls.push({ messages, options: this.mergeOptions(options) });
    return super.call(messages, options);
  }

  protected async forward(messages: readonly ChatMessage[], options: LmCallOptions): Promise<LmResponse> {
    const index = this.forwards++;
    const script = this.script;
    const reply =
      typeof script === 'function'
        ? await script(messageText(messages[messages.length - 1]!), messages, options)
        : Array.isArray(script)
          ? script[Math.min(index, script.length - 1)]
          : script;
    if (reply instanceof Error) throw reply;
    const output = replyOutput(reply as Exclude<ScriptedReply, Error>);
    return {
      model: this.model,
      outputs: Array.from({ length: options.n ?? 1 }, () => output),
      usage: this.replyUsage,
    };
  }
}

function replyOutput(reply: Exclude<ScriptedReply, Error>): LmOutput {
  if (reply instanceof RawOutput) return reply.output;
  if (typeof reply === 'string') return { text: reply, finishReason: 'stop' };
  const fields = Object.entries(reply).map(
    ([k, v]) => `[[ ## ${k} ## ]]\n${typeof v === 'string' ? v : JSON.stringify(v)}`,
  );
  return { text: `${fields.join('\n\n')}\n\n[[ ## completed ## ]]`, finishReason: 'stop' };
}

/**
 * The value of `[[ ## field ## ]]` in a ChatAdapter message (to script replies from the request).
 *
 * @example
 * new ScriptedLM((last) => ({ answer: fieldOf(last, 'question').toUpperCase() }));
 */
export function fieldOf(message: string, field: string): string {
  const m = new RegExp(`\\[\\[ ## ${field} ## \\]\\]\\n([\\s\\S]*?)(?:\\n\\n|$)`).exec(message);
  return m ? m[1]!.trim() : '';
}
