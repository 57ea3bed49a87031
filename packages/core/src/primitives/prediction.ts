import { DspyError } from '../errors/dspy-error';
import type { LmUsage } from '../lm/language-model';
import type { SignatureSpec } from '../signature/signature-spec';
import { Completions, type CompletionsData } from './completions';
import { ExampleImpl } from './example';
import { pyRepr } from '../py';
import { PREDICTION_RESERVED_KEYS } from './reserved-keys';

class PredictionImpl<O extends object = Record<string, any>> extends ExampleImpl<O> {
  #completions: Completions<O> | undefined;
  #usage: Record<string, LmUsage> | undefined;

  /** First completion as the data; all of them under `completions`. */
  static fromCompletions<O extends object>(
    completions: readonly O[] | CompletionsData<O> | Completions<O>,
    signature?: SignatureSpec<any, any>,
  ): Prediction<O> {
    const all = completions instanceof Completions ? completions : new Completions<O>(completions, signature);
    const prediction = new PredictionImpl<O>(all.length > 0 ? all.record(0) : ({} as O));
    prediction.#completions = all;
    return prediction as Prediction<O>;
  }

  /** Every completion of the call; a prediction built directly has exactly one (itself). */
  get completions(): Completions<O> {
    return (this.#completions ??= new Completions<O>([Object.fromEntries(this.items(true)) as O]));
  }

  /** LM tokens spent producing this prediction, per model; set by `Program.call`, `undefined` if not tracked. */
  get usage(): Record<string, LmUsage> | undefined {
    return this.#usage;
  }

  setUsage(usage: Record<string, LmUsage> | undefined): void {
    this.#usage = usage;
  }

  /**
   * The `score` field as a number (DSPy's `float(prediction)`), so `Number(pred)`, `pred1 > pred2`
   * (in JS) and sums of metric results work. Throws when there is no numeric `score`.
   */
  override valueOf(): number {
    if (!this.has('score')) {
      throw new DspyError('INPUT_INVALID', "Prediction object does not have a 'score' field to convert to a number.");
    }
    const raw = this.get('score');
    const n = typeof raw === 'string' && raw.trim() === '' ? Number.NaN : Number(raw);
    if (raw === null || raw === undefined || typeof raw === 'object' || Number.isNaN(n)) {
      throw new DspyError('INPUT_INVALID', `Prediction's 'score' field is not a number: ${pyRepr(raw)}.`);
    }
    return n;
  }

  // String contexts (`${pred}`, `'' + pred` without a score) get the repr; numeric ones the score.
  [Symbol.toPrimitive](hint: 'number' | 'string' | 'default'): number | string {
    if (hint === 'string' || (hint === 'default' && !this.has('score'))) return this.toString();
    return this.valueOf();
  }

  /** DSPy's repr: one `name=value` line per field, and a note when completions were omitted. */
  override toString(): string {
    const fields = this.items(true)
      .map(([k, v]) => `${k}=${pyRepr(v)}`)
      .join(',\n    ');
    const n = this.#completions?.length ?? 1;
    if (n <= 1) return `Prediction(\n    ${fields}\n)`;
    return `Prediction(\n    ${fields},\n    completions=Completions(...)\n) (${n - 1} completions omitted)`;
  }
}

/**
 * What a program returns: output fields as read-only properties (`pred.answer`), all completions,
 * LM usage and, when it has a `score` field, a numeric value (`Number(pred)`).
 *
 * Reserved names (`PREDICTION_RESERVED_KEYS`): an output named like a member is kept, readable
 * with `pred.get(name)`, but not exposed as a property.
 *
 * @example
 * const p = Prediction.fromCompletions([{ answer: 'Paris' }, { answer: 'Lyon' }]);
 * p.answer;                        // 'Paris'
 * p.completions.get('answer');     // ['Paris', 'Lyon']
 * Number(new Prediction({ score: 0.8 })); // 0.8
 */
export type Prediction<O extends object = Record<string, any>> = PredictionImpl<O> & Readonly<O>;

export interface PredictionConstructor {
  new <O extends object, E extends object = {}>(data: ExampleImpl<O>, extra?: E): Prediction<O & E>;
  new <O extends object = Record<string, unknown>, E extends object = {}>(
    data?: O | null,
    extra?: E,
  ): Prediction<O & E>;
  fromCompletions<O extends object = Record<string, unknown>>(
    completions: readonly O[] | CompletionsData<O> | Completions<O>,
    signature?: SignatureSpec<any, any>,
  ): Prediction<O>;
  readonly prototype: PredictionImpl<any>;
}

export const Prediction = PredictionImpl as unknown as PredictionConstructor;
export { Completions, PREDICTION_RESERVED_KEYS };
export type { CompletionsData };
