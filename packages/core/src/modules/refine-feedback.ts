import { fieldDescriptionString } from '../adapters/field-description';
import { PyFloat, pyDedent, pyJsonDumps, pySplitLines } from '../py';
import { toJsonable } from '../adapters/value-format';
import type { TraceEntry } from '../context/settings';
import type { PredictorLike } from '../primitives/predictor-like';
import { inputField, outputField } from '../signature/field-factory';
import { SignatureSpec } from '../signature/signature-spec';
import { T } from '../signature/type-ref';

/**
 * DSPy's `OfferFeedback` signature, word for word (including its `kind ofscenario` typo).
 *
 * @example
 * const { advice } = await new Predict(OFFER_FEEDBACK).call(feedbackInputs(report));
 */
export const OFFER_FEEDBACK = new SignatureSpec({
  name: 'OfferFeedback',
  instructions:
    'In the discussion, assign blame to each module that contributed to the final reward being below the threshold, if\n' +
    'any. Then, prescribe concrete advice of how the module should act on its future input when we retry the process, if\n' +
    'it were to receive the same or similar inputs. If a module is not to blame, the advice should be N/A.\n' +
    'The module will not see its own history, so it needs to rely on entirely concrete and actionable advice from you\n' +
    'to avoid the same mistake on the same or similar inputs.',
  fields: [
    inputField('program_code', T.string, { desc: 'The code of the program that we are analyzing' }),
    inputField('modules_defn', T.string, { desc: 'The definition of each module in the program, including its I/O' }),
    inputField('program_inputs', T.string, { desc: 'The inputs to the program that we are analyzing' }),
    inputField('program_trajectory', T.string, {
      desc: "The trajectory of the program's execution, showing each module's I/O",
    }),
    inputField('program_outputs', T.string, { desc: 'The outputs of the program that we are analyzing' }),
    inputField('reward_code', T.string, { desc: 'The code of the reward function that we are analyzing' }),
    inputField('target_threshold', T.float, { desc: 'The target threshold for the reward function' }),
    inputField('reward_value', T.float, { desc: "The reward value assigned to the program's outputs" }),
    inputField('module_names', T.array(T.string), {
      desc: 'The names of the modules in the program, for which we seek advice',
    }),
    outputField('discussion', T.string, { desc: 'Discussing blame of where each module went wrong, if it did' }),
    outputField('advice', T.dict(T.string), {
      desc:
        'For each module, describe very concretely, in this order: the specific scenarios in which it has made mistakes in the past and what each ' +
        'mistake was, followed by what it should do differently in that kind ofscenario in the future. If the module is not to blame, write N/A.',
    }),
  ],
});

/**
 * DSPy's `inspect_modules`: each predictor's name, fields and instructions between 80-dash
 * separators, tab-indented, as the feedback model reads them.
 *
 * @example
 * inspectModules(program.namedPredictors());
 */
export function inspectModules(named: readonly [string, PredictorLike][]): string {
  const separator = '-'.repeat(80);
  const indented = (text: string) => ['', ...pySplitLines(text)].join('\n\t\t');
  const output = [separator];
  for (const [name, predictor] of named) {
    const signature = predictor.signature;
    output.push(`Module ${name}`);
    output.push('\n\tInput Fields:');
    output.push(indented(fieldDescriptionString(signature.inputFields)));
    output.push('\tOutput Fields:');
    output.push(indented(fieldDescriptionString(signature.outputFields)));
    output.push(`\tOriginal Instructions: ${indented(pyDedent(signature.instructions))}`);
    output.push(separator);
  }
  return output.map((o) => o.replace(/^\n+|\n+$/g, '')).join('\n');
}

/** What the feedback model is told about one failed attempt. */
export interface AttemptReport {
  readonly programCode: string;
  readonly rewardCode: string;
  readonly named: readonly [string, PredictorLike][];
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly trace: readonly TraceEntry[];
  readonly outputs: unknown;
  readonly threshold: number | undefined;
  readonly reward: number;
}

/**
 * The `OfferFeedback` inputs for a failed attempt, DSPy's layout: strings as they are, other
 * values as 2-space-indented JSON (threshold and reward as Python floats).
 *
 * @example
 * feedbackInputs({ programCode, rewardCode, named, inputs, trace, outputs, threshold: 1, reward: 0 }).reward_value; // '0.0'
 */
export function feedbackInputs(report: AttemptReport): Record<string, string> {
  const names = new Map(report.named.map(([name, p]) => [p as object, name]));
  const trajectory = report.trace.map((t) => ({
    module_name: names.get(t.predictor) ?? '<unknown>',
    inputs: t.inputs,
    outputs: plain(t.outputs),
  }));
  const values: Record<string, unknown> = {
    program_code: report.programCode,
    modules_defn: inspectModules(report.named),
    program_inputs: report.inputs,
    program_trajectory: trajectory,
    program_outputs: plain(report.outputs),
    reward_code: report.rewardCode,
    target_threshold: report.threshold === undefined ? null : new PyFloat(report.threshold),
    reward_value: new PyFloat(report.reward),
    module_names: report.named.map(([name]) => name),
  };
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : pyJsonDumps(masked(v), 2)]),
  );
}

/** Predictions and Examples as their fields (DSPy's `dict(outputs)`). */
function plain(value: unknown): unknown {
  const withItems = value as { items?: () => [string, unknown][] } | null;
  if (withItems && typeof withItems.items === 'function') return Object.fromEntries(withItems.items());
  return value;
}

/** DSPy's `recursive_mask`: values JSON cannot hold become `<non-serializable: type>`. */
function masked(value: unknown): unknown {
  if (value instanceof PyFloat || value instanceof Date) return toJsonable(value);
  if (typeof value === 'function' || typeof value === 'symbol') return `<non-serializable: ${typeof value}>`;
  if (value === null || typeof value !== 'object') return value;
  const custom = (value as { toJSON?: () => unknown }).toJSON;
  const base =
    typeof custom === 'function'
      ? custom.call(value)
      : value instanceof Map
        ? Object.fromEntries(value)
        : value instanceof Set
          ? [...value]
          : value;
  if (Array.isArray(base)) return base.map(masked);
  if (base === null || typeof base !== 'object') return base;
  return Object.fromEntries(
    Object.entries(base)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, masked(v)]),
  );
}
