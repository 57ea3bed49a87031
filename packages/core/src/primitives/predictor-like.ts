import type { Demo } from '../adapters/adapter';
import type { LanguageModel } from '../lm/language-model';
import type { SignatureSpec } from '../signature/signature-spec';

const PREDICTOR = Symbol.for('@dspy-ts/core:predictor');

/** What optimizers and save/load need from a predictor; `Predict` implements it. */
export interface PredictorLike {
  readonly [PREDICTOR]: true;
  signature: SignatureSpec<any, any>;
  demos: Demo[];
  lm?: LanguageModel;
  reset(): void;
  dumpState(): Record<string, unknown>;
  /** Validates `state` and returns a function that applies it (so loads can be all-or-nothing). */
  prepareState(state: unknown, name: string): () => void;
}

export function isPredictor(x: unknown): x is PredictorLike {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[PREDICTOR] === true;
}

export { PREDICTOR };

/** A program (has `forward` and `namedPredictors`), recognised without importing `Program`. */
export function isProgramLike(x: object): x is { compiled?: boolean } {
  return (
    typeof (x as { forward?: unknown }).forward === 'function' &&
    typeof (x as { namedPredictors?: unknown }).namedPredictors === 'function'
  );
}
