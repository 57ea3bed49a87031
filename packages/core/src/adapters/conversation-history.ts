import type { FieldSpec } from '../signature/field-spec';
import type { TypeRef } from '../signature/type-ref';

/**
 * Earlier turns of a conversation, as DSPy's `dspy.History`: each message holds the signature's
 * field values (inputs and outputs) of one past turn. An input field of type `HISTORY_TYPE` is
 * not rendered as a field: each message becomes a user turn (its inputs) and an assistant turn
 * (its outputs), placed after the demos and before the current input.
 *
 * @example
 * const Chat = new SignatureSpec({ name: 'Chat', fields: [
 *   { name: 'history', role: 'input', type: HISTORY_TYPE, ... }, question, answer] });
 * adapter.format(Chat, [], { history: new ConversationHistory([{ question: '1+1?', answer: '2' }]), question: '2+2?' });
 */
export class ConversationHistory {
  readonly messages: readonly Readonly<Record<string, unknown>>[];

  constructor(messages: readonly Readonly<Record<string, unknown>>[]) {
    this.messages = Object.freeze([...messages]);
    Object.freeze(this);
  }
}

/**
 * The field type of a history input; prompts call it `History`, as DSPy does.
 *
 * @example
 * inputField('history', HISTORY_TYPE);
 */
export const HISTORY_TYPE: TypeRef = Object.freeze({ kind: 'class', name: 'History', cls: ConversationHistory });

/**
 * The history input of a signature, if it has one (DSPy takes the first).
 *
 * @example
 * historyField(spec.inputFields)?.name; // 'history'
 */
export function historyField(inputs: readonly FieldSpec[]): FieldSpec | undefined {
  return inputs.find((f) => f.type.kind === 'class' && f.type.cls === ConversationHistory);
}

/**
 * Messages of a history value: a `ConversationHistory` or any `{ messages: [...] }`.
 *
 * @example
 * historyMessages({ messages: [{ question: 'q', answer: 'a' }] }); // [{ question: 'q', answer: 'a' }]
 */
export function historyMessages(value: unknown): readonly Readonly<Record<string, unknown>>[] | undefined {
  const messages = (value as { messages?: unknown } | null | undefined)?.messages;
  return Array.isArray(messages) ? messages : undefined;
}
