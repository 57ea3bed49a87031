import { DspyError } from '../errors/dspy-error';
import type { FieldSpec } from '../signature/field-spec';
import type { TypeRef } from '../signature/type-ref';
import { isPlainObject } from '../utils/is-plain-object';

/** One past turn: the signature's field values (inputs and outputs) keyed by field name. */
export type HistoryMessage = Readonly<Record<string, unknown>>;

/**
 * The earlier turns of a conversation, as DSPy's `dspy.History`. Type an input field `History`
 * (`@InputField() history!: History`, or `'history: History, question -> answer'`) and each message
 * is rendered as a user turn (its input fields, with the output reminder) and an assistant turn
 * (its output fields), after the demos and before the current input, exactly as DSPy 3.4.1 does.
 * Keys that are not fields of the signature are ignored; a message with only outputs has no user turn.
 *
 * Immutable: `withTurn` returns a new `History`.
 *
 * @example
 * @Signature('Answer questions in a conversation.')
 * class Chat {
 *   @InputField() history!: History;
 *   @InputField() question!: string;
 *   @OutputField() answer!: string;
 * }
 * const chat = new Predict(Chat);
 * let history = new History([]);
 * const first = await chat.call({ history, question: 'Capital of France?' });
 * history = history.withTurn({ question: 'Capital of France?', ...first });
 * await chat.call({ history, question: 'And its population?' });
 */
export class History {
  readonly messages: readonly HistoryMessage[];

  /** From an array of messages, or DSPy's keyword form `{ messages: [...] }`. */
  constructor(messages: readonly object[] | { readonly messages: readonly object[] } = []) {
    const list = Array.isArray(messages) ? messages : (messages as { messages?: unknown }).messages;
    if (!Array.isArray(list))
      throw new DspyError(
        'INPUT_INVALID',
        'History needs an array of messages, e.g. new History([{ question: "Hi", answer: "Hello" }]).',
      );
    this.messages = Object.freeze(list.map((m, i) => Object.freeze(toMessage(m, i))));
    Object.freeze(this);
  }

  /**
   * A new History with `turn` appended (a plain object, or an `Example`/`Prediction`, whose fields are taken).
   *
   * @example
   * history.withTurn({ question, ...prediction });
   */
  withTurn(turn: object): History {
    return new History([...this.messages, turn]);
  }

  /** Number of messages. */
  get length(): number {
    return this.messages.length;
  }

  /** pydantic's `model_dump()`: `{ messages: [...] }`. */
  toJSON(): { messages: HistoryMessage[] } {
    return { messages: [...this.messages] };
  }
}

function toMessage(message: unknown, index: number): Record<string, unknown> {
  const withDict = message as { toDict?: () => Record<string, unknown> } | null;
  if (withDict && typeof withDict.toDict === 'function') return withDict.toDict();
  if (isPlainObject(message)) return { ...message };
  throw new DspyError(
    'INPUT_INVALID',
    `History message #${index} must be an object of field values (e.g. { question: "Hi", answer: "Hello" }), got ${
      message === null ? 'null' : Array.isArray(message) ? 'an array' : typeof message
    }.`,
  );
}

/**
 * The field type of a `History` input (prompts name it `History`, as DSPy does). Class signatures
 * get it from `design:type`; string signatures from `History` / `dspy.History`.
 *
 * @example
 * inputField('history', HISTORY_TYPE);
 */
export const HISTORY_TYPE: TypeRef = Object.freeze({ kind: 'class', name: 'History', cls: History });

/** Whether `type` is the History type. */
export function isHistoryType(type: TypeRef): boolean {
  return type.kind === 'class' && type.cls === History;
}

/**
 * The history input of a signature, if it has one (DSPy takes the first).
 *
 * @example
 * historyField(spec.inputFields)?.name; // 'history'
 */
export function historyField(inputs: readonly FieldSpec[]): FieldSpec | undefined {
  return inputs.find((f) => isHistoryType(f.type));
}

/**
 * A history input value as a `History`: an instance, or a `{ messages: [...] }` object (what
 * pydantic accepts for `dspy.History`). Anything else is an `INPUT_INVALID` naming the field.
 *
 * @example
 * toHistory({ messages: [{ question: 'q', answer: 'a' }] }, 'history').length; // 1
 */
export function toHistory(value: unknown, field: string): History {
  if (value instanceof History) return value;
  if (isPlainObject(value) && Array.isArray(value.messages)) {
    const extra = Object.keys(value).filter((k) => k !== 'messages');
    if (!extra.length) return new History(value.messages as object[]);
  }
  throw new DspyError(
    'INPUT_INVALID',
    `Input field '${field}' is typed History: pass new History([{ ...fields of one turn }, ...]) or { messages: [...] }, got ${describe(value)}.`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array (wrap it: new History(array))';
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  return typeof value;
}

/** @deprecated Renamed to `History` (DSPy's name). */
export const ConversationHistory = History;
/** @deprecated Renamed to `History` (DSPy's name). */
export type ConversationHistory = History;
