/** Keys that only DSPy ≤ 2.5 wrote into a predictor's state. */
export const LEGACY_KEYS = [
  'signature_instructions',
  'signature_prefix',
  'extended_signature_instructions',
  'extended_signature_prefix',
  'extended_signature',
] as const;

/** Keys a predictor's state may hold (DSPy 2.4 to 3.4.1); a state with none of them is not one. */
export const PREDICTOR_STATE_KEYS: readonly string[] = ['demos', 'signature', 'traces', 'train', 'lm', ...LEGACY_KEYS];

/**
 * True for a predictor state written by DSPy ≤ 2.5: the 2.4 layout (`signature_instructions`,
 * no `signature`) or a 2.5 ChainOfThought saved as a Predict (`extended_signature`). Such a
 * ChainOfThought was itself the predictor, so its state sits under `x`, where ours is `x.predict`.
 *
 * @example
 * isLegacyPredictorState({ demos: [], signature_instructions: 'Answer.' }); // true
 */
export function isLegacyPredictorState(state: unknown): boolean {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return false;
  return LEGACY_KEYS.some((k) => k in state);
}
