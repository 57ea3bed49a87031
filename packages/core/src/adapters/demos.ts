import type { ChatMessage } from '../lm/messages';
import type { SignatureSpec } from '../signature/signature-spec';
import type { Demo } from './adapter';
import type { BaseAdapter } from './base-adapter';

/** Opens the user turn of a demo that lacks some fields. */
export const INCOMPLETE_DEMO_PREFIX =
  'This is an example of the task, though some input or output fields are not supplied.';
/** Stands in for a missing output of an incomplete demo (the trailing space is DSPy's). */
export const MISSING_IN_EXAMPLE = 'Not supplied for this particular example. ';
/** DSPy passes this for complete demos, where no output is missing. */
export const MISSING_IN_HISTORY = 'Not supplied for this conversation history message. ';

const present = (demo: Demo, name: string) => demo[name] !== undefined;

/**
 * DSPy's `format_demos`: a demo with every field set (not null) is complete; one with at least
 * one input and one output is incomplete; others are dropped. Incomplete demos come first,
 * each as a user/assistant pair, then complete ones, in their original order.
 *
 * @example
 * formatDemos(adapter, spec, [{ question: 'Q1', answer: 'A1' }]); // [{ role: 'user', ... }, { role: 'assistant', ... }]
 */
export function formatDemos(
  adapter: BaseAdapter,
  signature: SignatureSpec<any, any>,
  demos: readonly Demo[],
): ChatMessage[] {
  const complete: Demo[] = [];
  const incomplete: Demo[] = [];
  for (const demo of demos) {
    if (signature.fields.every((f) => present(demo, f.name) && demo[f.name] !== null)) complete.push(demo);
    else if (
      signature.inputFields.some((f) => present(demo, f.name)) &&
      signature.outputFields.some((f) => present(demo, f.name))
    ) {
      incomplete.push(demo);
    }
  }
  const messages: ChatMessage[] = [];
  for (const demo of incomplete) {
    messages.push({
      role: 'user',
      content: adapter.formatUserMessageContent(signature, demo, { prefix: INCOMPLETE_DEMO_PREFIX }),
    });
    messages.push({
      role: 'assistant',
      content: adapter.formatAssistantMessageContent(signature, demo, MISSING_IN_EXAMPLE),
    });
  }
  for (const demo of complete) {
    messages.push({ role: 'user', content: adapter.formatUserMessageContent(signature, demo) });
    messages.push({
      role: 'assistant',
      content: adapter.formatAssistantMessageContent(signature, demo, MISSING_IN_HISTORY),
    });
  }
  return messages;
}
