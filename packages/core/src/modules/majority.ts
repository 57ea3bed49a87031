import { DspyError } from '../errors/dspy-error';
import { normalizeText } from '../evaluate/normalize';
import { canonicalKey } from '../primitives/structural';
import { Completions, Prediction } from '../primitives/prediction';

/** Maps a value to the form votes are counted on; `null`/`undefined` means "ignore this completion". */
export type VoteNormalizer = (value: string) => unknown;

export interface MajorityOptions {
  /**
   * Default: `normalizeText`, with an empty result ignored (DSPy's `default_normalize`).
   * `null` counts the raw values.
   */
  normalize?: VoteNormalizer | null;
  /** Field to vote on. Default: the signature's last output field, else the last field of the first completion. */
  field?: string;
}

const defaultNormalize: VoteNormalizer = (value) => normalizeText(value) || null;

/**
 * DSPy's `majority`: the most common value of one field across completions, ties going to the
 * earliest; completions whose value normalizes to `null`/`undefined` do not vote (unless none does).
 * Returns the winning completion as a one-completion Prediction.
 *
 * @example
 * const cot = new ChainOfThought('question -> answer', { n: 5 });
 * const voted = majority(await cot.call({ question }));
 * voted.answer;
 */
export function majority<O extends object>(
  input: Prediction<O> | Completions<O> | readonly O[],
  options: MajorityOptions = {},
): Prediction<O> {
  const completions: Completions<O> =
    input instanceof Prediction
      ? input.completions
      : input instanceof Completions
        ? input
        : new Completions<O>(input as readonly O[]);
  if (completions.length === 0)
    throw new DspyError('INPUT_INVALID', 'majority() needs at least one completion to vote on.');
  const signature = completions.signature;
  const field = options.field ?? signature?.outputFields.at(-1)?.name ?? Object.keys(completions.record(0)).at(-1);
  if (field === undefined || !completions.has(field)) {
    throw new DspyError(
      'INPUT_INVALID',
      `majority() cannot vote on field \`${String(field)}\`: the completions have ${completions.fields().join(', ') || 'no fields'}.`,
    );
  }

  const normalize = options.normalize === null ? null : (options.normalize ?? defaultNormalize);
  // Non-strings (numbers from typed outputs) are normalized as their text, as normalizers expect text.
  const normalized = completions
    .get(field as keyof O & string)
    .map((v) => (normalize ? normalize(typeof v === 'string' ? v : String(v)) : v));
  const voting = normalized.some((v) => v != null) ? normalized.filter((v) => v != null) : normalized;

  // Map keeps first-seen order, so among equal counts the earliest value wins (as Python's max over a dict).
  const counts = new Map<string, number>();
  for (const v of voting) counts.set(canonicalKey(v), (counts.get(canonicalKey(v)) ?? 0) + 1);
  let best = '';
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount) [best, bestCount] = [key, count];
  }

  const winner = normalized.findIndex((v) => canonicalKey(v) === best);
  return Prediction.fromCompletions<O>([completions.record(winner)], signature);
}
