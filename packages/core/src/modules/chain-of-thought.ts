import type { LmCallOptions } from '../lm/language-model';
import type { Prediction } from '../primitives/prediction';
import { Program } from '../primitives/program';
import type { FieldSpec } from '../signature/field-spec';
import { getSignature } from '../signature/signature-of';
import { Predict, type PredictCallOptions } from './predict';
import type { InputsOf, OutputsOf, SignatureLike } from './signature-types';

const REASONING: FieldSpec = Object.freeze<FieldSpec>({
  name: 'reasoning',
  role: 'output',
  type: { kind: 'string' },
  desc: '${reasoning}',
  prefix: 'Reasoning:',
  optional: false,
  hasDefault: false,
});

/**
 * Predict with a `reasoning` output prepended (as DSPy 3: instructions unchanged, the model
 * writes its reasoning before the answer).
 *
 * @example
 * const cot = new ChainOfThought('question -> answer');
 * const p = await cot.call({ question: 'What is 7 * 6?' });
 * p.reasoning; p.answer;
 */
export class ChainOfThought<S extends SignatureLike = SignatureLike> extends Program<
  InputsOf<S>,
  Prediction<OutputsOf<S> & { reasoning: string }>
> {
  readonly predict: Predict<any>;

  constructor(signature: S, config: LmCallOptions = {}) {
    super();
    this.predict = new Predict(getSignature(signature).prependField(REASONING), config);
  }

  forward(
    inputs: InputsOf<S>,
    options?: PredictCallOptions,
  ): Promise<Prediction<OutputsOf<S> & { reasoning: string }>> {
    return this.predict.call(inputs as Record<string, unknown>, options) as Promise<
      Prediction<OutputsOf<S> & { reasoning: string }>
    >;
  }
}
