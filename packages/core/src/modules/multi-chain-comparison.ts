import { pyStr } from '../py';
import { DspyError } from '../errors/dspy-error';
import type { LmCallOptions } from '../lm/language-model';
import { ExampleImpl } from '../primitives/example';
import { Completions, Prediction } from '../primitives/prediction';
import { Program } from '../primitives/program';
import { inputField, outputField } from '../signature/field-factory';
import { getSignature } from '../signature/signature-of';
import { T } from '../signature/type-ref';
import { Predict, type PredictCallOptions } from './predict';
import type { InputsOf, OutputsOf, SignatureLike } from './signature-types';

/**
 * @example
 * new MultiChainComparison(QA, { M: 5, temperature: 0.7, config: { maxTokens: 512 } });
 */
export interface MultiChainComparisonOptions {
  /** How many attempts are compared (default 3); `forward` requires exactly this many. */
  readonly M?: number;
  /** Sampling temperature of the comparison call (default 0.7). */
  readonly temperature?: number;
  /** Other LM options of the comparison predictor. */
  readonly config?: LmCallOptions;
}

/** Earlier attempts to compare: predictions or records with a `rationale` (or `reasoning`) and the last output field. */
export type Attempts = readonly Readonly<Record<string, unknown>>[] | Completions<any> | Prediction<any>;

/**
 * DSPy's `MultiChainComparison`: shows the model M earlier attempts (each as
 * `«I'm trying to <first line of the rationale> I'm not sure but my prediction is <first line of the answer>»`)
 * and asks for a corrected `rationale` and the final outputs.
 *
 * @example
 * const cot = new ChainOfThought(QA, { n: 3, temperature: 0.9 });
 * const compare = new MultiChainComparison(QA);
 * const attempts = await cot.call({ question });
 * const best = await compare.call({ completions: attempts, question });
 * best.rationale; best.answer;
 */
export class MultiChainComparison<S extends SignatureLike = SignatureLike> extends Program<
  InputsOf<S> & { completions: Attempts },
  Prediction<OutputsOf<S> & { rationale: string }>
> {
  readonly M: number;
  /** The output field whose value each attempt reports (the signature's last). */
  readonly lastKey: string;
  readonly predict: Predict<any>;

  constructor(signature: S, options: MultiChainComparisonOptions = {}) {
    super();
    this.M = options.M ?? 3;
    let spec = getSignature(signature);
    const last = spec.outputFields.at(-1);
    if (!last)
      throw new DspyError(
        'SIGNATURE_INVALID',
        `MultiChainComparison needs a signature with at least one output field; ${spec.name} has none.`,
      );
    this.lastKey = last.name;
    for (let i = 1; i <= this.M; i++) {
      spec = spec.appendField(
        inputField(`reasoning_attempt_${i}`, T.string, {
          prefix: `Student Attempt #${i}:`,
          desc: '${reasoning attempt}',
        }),
      );
    }
    spec = spec.prependField(
      outputField('rationale', T.string, {
        prefix: "Accurate Reasoning: Thank you everyone. Let's now holistically",
        desc: '${corrected reasoning}',
      }),
    );
    this.predict = new Predict(spec, { ...options.config, temperature: options.temperature ?? 0.7 });
  }

  forward(
    inputs: InputsOf<S> & { completions: Attempts },
    options?: PredictCallOptions,
  ): Promise<Prediction<OutputsOf<S> & { rationale: string }>> {
    const { completions, ...rest } = inputs as unknown as { completions: Attempts } & Record<string, unknown>;
    const records =
      completions instanceof Prediction ? [...completions.completions] : [...(completions as Iterable<unknown>)];
    const attempts = records.map((c) => {
      const rationale = firstLine(valueOf(c, 'rationale') ?? valueOf(c, 'reasoning'));
      const answer = firstLine(valueOf(c, this.lastKey));
      return `«I'm trying to ${rationale} I'm not sure but my prediction is ${answer}»`;
    });
    if (attempts.length !== this.M) {
      throw new DspyError(
        'INPUT_INVALID',
        `The number of attempts (${attempts.length}) doesn't match the expected number M (${this.M}). Please set the correct value for M when initializing MultiChainComparison.`,
      );
    }
    const kwargs = { ...Object.fromEntries(attempts.map((a, i) => [`reasoning_attempt_${i + 1}`, a])), ...rest };
    return this.predict.call(kwargs, options) as Promise<Prediction<OutputsOf<S> & { rationale: string }>>;
  }
}

function valueOf(record: unknown, key: string): unknown {
  if (record instanceof ExampleImpl) return record.get(key);
  return (record as Record<string, unknown> | null)?.[key];
}

/** Python's `str(v).strip().split("\n")[0].strip()`. */
function firstLine(value: unknown): string {
  return pyStr(value).trim().split('\n')[0]!.trim();
}
