import type { Adapter, Demo } from '../adapters/adapter';
import { ChatAdapter } from '../adapters/chat-adapter';
import { resolveAdapter, resolveLm } from '../context/resolve-lm';
import { currentSettings } from '../context/settings';
import { DspyError } from '../errors/dspy-error';
import type { LanguageModel, LmCallOptions } from '../lm/language-model';
import { Prediction } from '../primitives/prediction';
import { PREDICTOR, type PredictorLike } from '../primitives/predictor-like';
import { type CallOptions, Program } from '../primitives/program';
import { getSignature } from '../signature/signature-of';
import type { SignatureSpec } from '../signature/signature-spec';
import { validateInputs } from '../signature/validate';
import { withPredictorStream } from '../streaming/predictor-stream';
import { PREDICTOR_STATE_KEYS } from '../persistence/legacy-state';
import { predictStateOf, preparePredictState } from './predict-state';
import type { InputsOf, OutputsOf, SignatureLike } from './signature-types';

/** Per-call options of a predictor. */
export interface PredictCallOptions extends CallOptions {
  /** LM options merged over the predictor's `config`. */
  readonly config?: LmCallOptions;
  /** Demos for this call only (instead of `predictor.demos`). */
  readonly demos?: readonly Demo[];
  readonly lm?: LanguageModel;
  readonly adapter?: Adapter;
}

const defaultAdapter = new ChatAdapter();

/**
 * One LM call through an adapter: format the signature, demos and inputs, call the LM,
 * parse and validate the outputs into a typed `Prediction`.
 *
 * @example
 * const classify = new Predict(Sentiment);          // a @Signature class
 * const p = await classify.call({ review: 'Love it' });
 * p.label;                                          // typed from the class
 * const qa = new Predict('question -> answer: int');
 */
export class Predict<S extends SignatureLike = SignatureLike>
  extends Program<InputsOf<S>, Prediction<OutputsOf<S>>>
  implements PredictorLike
{
  readonly [PREDICTOR] = true as const;
  signature: SignatureSpec<any, any>;
  demos: Demo[] = [];
  lm?: LanguageModel;
  adapter?: Adapter;
  /** Default LM options for every call (temperature, maxTokens, n, ...). */
  config: LmCallOptions;

  constructor(signature: S, config: LmCallOptions = {}) {
    super();
    this.signature = getSignature(signature);
    this.config = { ...config };
  }

  async forward(inputs: InputsOf<S>, options: PredictCallOptions = {}): Promise<Prediction<OutputsOf<S>>> {
    const signature = this.signature;
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
      const names = signature.inputFields.map((f) => `'${f.name}'`).join(', ');
      const example = signature.inputFields[0]?.name ?? 'input';
      throw new DspyError(
        'INPUT_INVALID',
        `Positional arguments are not allowed when calling \`Predict\`, must use an object whose keys match your signature input fields: ${names}. For example: \`predict.call({ ${example}: inputValue, ... })\`.`,
      );
    }
    const lm = resolveLm(options.lm ?? this.lm, `Predict(${signature.name})`);
    const config: LmCallOptions = { ...this.config, ...options.config };
    if (options.signal) config.signal = options.signal;
    // DSPy: several samples at (near-)zero temperature would all be the same.
    if ((config.n ?? 1) > 1 && (config.temperature === undefined || config.temperature <= 0.15))
      config.temperature = 0.7;

    const full = validateInputs(signature, inputs as Record<string, unknown>).values as Record<string, unknown>;
    const adapter = options.adapter ?? resolveAdapter(this.adapter) ?? defaultAdapter;
    const demos = options.demos ?? this.demos;
    const { completions } = await withPredictorStream(
      { predictor: this, label: `Predict(${signature.name})`, inputs: full, config },
      (lmOptions, stream) => adapter.call({ lm, options: lmOptions, signature, demos, inputs: full, stream }),
    );
    const prediction = Prediction.fromCompletions(completions, signature) as Prediction<OutputsOf<S>>;

    const { trace, maxTraceSize = 10_000 } = currentSettings();
    if (Array.isArray(trace) && maxTraceSize > 0) {
      trace.push({ predictor: this, inputs: full, outputs: prediction as unknown as Record<string, unknown> });
      if (trace.length > maxTraceSize) trace.splice(0, trace.length - maxTraceSize);
    }
    return prediction;
  }

  /** Back to an untrained predictor: no demos, no own LM (as DSPy's `reset`). */
  reset(): void {
    this.demos = [];
    this.lm = undefined;
  }

  override dumpState(): Record<string, unknown> {
    return predictStateOf(this);
  }

  prepareState(state: unknown, name: string): () => void {
    return preparePredictState(this, state, name);
  }

  /**
   * Applies one predictor's saved state (DSPy's `load_state`); returns `this` for chaining.
   * A file keyed by predictor name (saved from a program) is refused, never half-applied.
   */
  override loadState(state: Record<string, unknown>): this {
    const keys = Object.keys(state).filter((k) => k !== 'metadata');
    // `self` is the name DSPy gives a program that is itself a predictor.
    if (keys.length === 1 && keys[0] === 'self' && typeof state.self === 'object' && state.self !== null)
      return this.loadState(state.self as Record<string, unknown>);
    if (keys.length && !keys.some((k) => PREDICTOR_STATE_KEYS.includes(k))) {
      const problem =
        `the state is keyed by predictor name (${keys.join(', ')}), as a program with ${keys.length} predictor(s) saves it; ` +
        `a bare ${this.constructor.name} takes one predictor's state (demos, signature). Load the file into the program it was saved from, ` +
        `or pass one entry (state['${keys[0]}']) to loadState()`;
      throw new DspyError(
        'STATE_MISMATCH',
        `The state does not match ${this.constructor.name} (${this.signature.name}); nothing was changed:\n- ${problem}`,
        { details: { problems: [problem] } },
      );
    }
    let apply: () => void;
    try {
      apply = this.prepareState(state, 'self');
    } catch (err) {
      const problems = DspyError.is(err, 'STATE_MISMATCH') ? err.details.problems : undefined;
      if (!Array.isArray(problems)) throw err;
      throw new DspyError(
        'STATE_MISMATCH',
        `The state does not match ${this.constructor.name} (${this.signature.name}); nothing was changed:\n- ${problems.join('\n- ')}\n` +
          'Load state saved from the same signature.',
        { cause: err, details: { problems } },
      );
    }
    apply();
    return this;
  }
}
