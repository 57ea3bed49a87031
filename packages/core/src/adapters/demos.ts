import type { SignatureSpec } from '../signature/signature-spec';
import type { Demo } from './adapter';

/** Opens the user turn of a demo that lacks some fields. */
export const INCOMPLETE_DEMO_PREFIX =
  'This is an example of the task, though some input or output fields are not supplied.';
/** Stands in for a missing output of an incomplete demo (the trailing space is DSPy's). */
export const MISSING_IN_EXAMPLE = 'Not supplied for this particular example. ';
/** DSPy passes this for complete demos, where no output is missing. */
export const MISSING_IN_HISTORY = 'Not supplied for this conversation history message. ';

const present = (demo: Demo, name: string) => demo[name] !== undefined;

/**
 * DSPy's `format_demos` split: a demo with every field set (not null) is complete; one with at
 * least one input and one output is incomplete; others are dropped. Order is kept within each.
 * `BaseAdapter.formatDemos` renders them (incomplete first).
 *
 * @example
 * splitDemos(spec, [{ question: 'Q1', answer: 'A1' }, { question: 'Q2' }]); // { complete: [Q1 demo], incomplete: [] }
 */
export function splitDemos(
  signature: SignatureSpec<any, any>,
  demos: readonly Demo[],
): { complete: Demo[]; incomplete: Demo[] } {
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
  return { complete, incomplete };
}
