import { DspyError } from '../errors/dspy-error';
import type { LanguageModel } from '../lm/language-model';
import { ChainOfThought } from '../modules/chain-of-thought';
import { Prediction } from '../primitives/prediction';
import { inputField, outputField } from '../signature/field-factory';
import { SignatureSpec } from '../signature/signature-spec';
import type { MetricModule } from './types';

type JudgeInputs = { question: string; ground_truth: string; system_response: string };
type JudgeOutputs = { recall: number; precision: number };

const RECALL = 'fraction (out of 1.0) of ground truth covered by the system response';
const PRECISION = 'fraction (out of 1.0) of system response covered by the ground truth';
const judgeInputs = () => [inputField('question'), inputField('ground_truth'), inputField('system_response')];

/**
 * DSPy's `SemanticRecallPrecision` (instructions are its docstring, verbatim).
 *
 * @example
 * const judge = new ChainOfThought(SemanticRecallPrecision);
 * const { recall, precision } = await judge.call({ question, ground_truth, system_response });
 */
export const SemanticRecallPrecision = new SignatureSpec({
  name: 'SemanticRecallPrecision',
  instructions:
    "Compare a system's response to the ground truth to compute its recall and precision.\n" +
    'If asked to reason, enumerate key ideas in each response, and whether they are present in the other response.',
  fields: [
    ...judgeInputs(),
    outputField('recall', 'float', { desc: RECALL }),
    outputField('precision', 'float', { desc: PRECISION }),
  ],
}) as SignatureSpec<JudgeInputs, JudgeOutputs>;

/** DSPy's `DecompositionalSemanticRecallPrecision`: key ideas and their overlap first, then the two fractions. */
export const DecompositionalSemanticRecallPrecision = new SignatureSpec({
  name: 'DecompositionalSemanticRecallPrecision',
  instructions:
    "Compare a system's response to the ground truth to compute recall and precision of key ideas.\n" +
    'You will first enumerate key ideas in each response, discuss their overlap, and then report recall and precision.',
  fields: [
    ...judgeInputs(),
    outputField('ground_truth_key_ideas', 'str', { desc: 'enumeration of key ideas in the ground truth' }),
    outputField('system_response_key_ideas', 'str', { desc: 'enumeration of key ideas in the system response' }),
    outputField('discussion', 'str', { desc: 'discussion of the overlap between ground truth and system response' }),
    outputField('recall', 'float', { desc: RECALL }),
    outputField('precision', 'float', { desc: PRECISION }),
  ],
}) as SignatureSpec<JudgeInputs, JudgeOutputs>;

/**
 * F1 of precision and recall, each clamped to [0, 1] first (LM judges stray outside).
 *
 * @example
 * clampedF1(1.2, 0.5); // 0.666…
 */
export function clampedF1(precision: number, recall: number): number {
  const p = Math.max(0, Math.min(1, precision));
  const r = Math.max(0, Math.min(1, recall));
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

export interface SemanticF1Options {
  /** With a trace (optimizer bootstrapping), the score is `f1 >= threshold`. Default 0.66. */
  threshold?: number;
  decompositional?: boolean;
  /** LM for the judge; default: the one in scope (settings / DI). */
  lm?: LanguageModel;
}

/**
 * DSPy's `SemanticF1`: an LM judge (ChainOfThought over `SemanticRecallPrecision`) estimates recall
 * and precision of `prediction.response` against `example.response`; the score is their F1.
 * Returns `Prediction({ score })`, or a boolean score when a trace is given.
 *
 * @example
 * const evaluate = new Evaluate({ devset, metric: new SemanticF1({ decompositional: true }) });
 */
export class SemanticF1 implements MetricModule {
  readonly threshold: number;
  readonly judge: ChainOfThought<SignatureSpec<JudgeInputs, JudgeOutputs>>;

  constructor(options: SemanticF1Options = {}) {
    this.threshold = options.threshold ?? 0.66;
    this.judge = new ChainOfThought(
      options.decompositional ? DecompositionalSemanticRecallPrecision : SemanticRecallPrecision,
    );
    if (options.lm) this.judge.predict.lm = options.lm;
  }

  async call(example: object, prediction: object, trace?: unknown): Promise<Prediction<{ score: number | boolean }>> {
    const scores = await this.judge.call({
      question: text(example, 'question'),
      ground_truth: text(example, 'response'),
      system_response: text(prediction, 'response'),
    });
    const score = clampedF1(Number(scores.precision), Number(scores.recall));
    return new Prediction({ score: trace === undefined ? score : score >= this.threshold });
  }
}

function text(source: object, field: string): string {
  const s = source as { get?: (k: string) => unknown };
  const value = typeof s.get === 'function' ? s.get(field) : (source as Record<string, unknown>)[field];
  if (value === undefined)
    throw new DspyError(
      'INPUT_INVALID',
      `SemanticF1 needs a \`${field}\` field on the ${source instanceof Prediction ? 'prediction' : 'example'}.`,
    );
  return typeof value === 'string' ? value : JSON.stringify(value);
}
