import type { PredictorLike } from '../primitives/predictor-like';

/**
 * Status messages around predictor calls; return `undefined` for none. DSPy's
 * `StatusMessageProvider` (module/LM start and end), per stream instead of global.
 *
 * @example
 * streamify(program, { statusMessages: { predictorStart: (name) => `Running ${name}...` } });
 */
export interface StreamStatusMessages {
  predictorStart?(predictor: string, inputs: Readonly<Record<string, unknown>>): string | undefined;
  /** `outputs` is the first completion, parsed and validated. */
  predictorEnd?(predictor: string, outputs: Readonly<Record<string, unknown>>): string | undefined;
}

/**
 * Options of `streamify`.
 *
 * @example
 * streamify(rag, { predictors: ['answer.predict'], fields: ['answer'], includeTokens: false });
 */
export interface StreamifyOptions {
  /**
   * Predictors whose replies stream, by `namedPredictors()` path or instance (default: every
   * predictor the program calls, including ones outside its tree). Unknown names throw.
   */
  readonly predictors?: readonly (string | PredictorLike)[];
  /** Output fields that get field events (default: all). */
  readonly fields?: readonly string[];
  /** Yield raw `token` events too (default true). */
  readonly includeTokens?: boolean;
  readonly statusMessages?: StreamStatusMessages;
}
