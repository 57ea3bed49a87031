import { Example, type LanguageModel, Predict, type TraceEntry, withSettings } from '@dspy-ts/core';
import { inspectModules, PyFloat, pyJsonDumps, type PredictorLike } from '@dspy-ts/core/provider-kit';
import type { AnyProgram } from '../optimizer';
import { SIMBA_OFFER_FEEDBACK } from './offer-feedback';
import { fieldsOf } from '../internal/fields-of';

/** One sampled trajectory (DSPy's `wrap_program` output); `score` becomes "N/A" when `append_a_rule` blanks a side. */
export interface SimbaRollout {
  readonly example: Example<any>;
  prediction: unknown;
  trace: readonly TraceEntry[];
  score: number | 'N/A';
  readonly outputMetadata: Record<string, unknown>;
}

export interface StrategyContext {
  readonly predictor2name: ReadonlyMap<object, string>;
  readonly name2predictor: ReadonlyMap<string, PredictorLike>;
  readonly batch10p: number;
  readonly batch90p: number;
  readonly promptModel?: LanguageModel;
  /** Source shown to the feedback model as `program_code` (DSPy: the class's Python source). */
  readonly programCode: string;
  readonly demoInputFieldMaxlen: number;
  readonly signal?: AbortSignal;
}

export type Strategy = ((bucket: SimbaRollout[], system: AnyProgram, ctx: StrategyContext) => Promise<boolean>) & {
  readonly strategyName: 'append_a_demo' | 'append_a_rule';
};

const num = (s: number | 'N/A') => (s === 'N/A' ? NaN : s);

/** `append_a_demo`: the best trajectory of the bucket becomes one demo per predictor (skipped at or below the batch's 10th percentile). */
export const appendADemo: Strategy = Object.assign(
  async (bucket: SimbaRollout[], _system: AnyProgram, ctx: StrategyContext): Promise<boolean> => {
    const good = bucket[0]!;
    if (num(good.score) <= ctx.batch10p) return false;
    const name2demo = new Map<string, Example>();
    for (const step of good.trace) {
      const inputs: Record<string, unknown> = { ...step.inputs };
      for (const [k, v] of Object.entries(inputs)) {
        const text = String(v);
        if (ctx.demoInputFieldMaxlen && text.length > ctx.demoInputFieldMaxlen)
          inputs[k] = `${text.slice(0, ctx.demoInputFieldMaxlen)}\n\t\t... <TRUNCATED FOR BREVITY>`;
      }
      const name = ctx.predictor2name.get(step.predictor);
      if (name === undefined) continue;
      name2demo.set(
        name,
        new Example<Record<string, unknown>>({ augmented: true, ...inputs, ...fieldsOf(step.outputs) }),
      );
    }
    for (const [name, demo] of name2demo) ctx.name2predictor.get(name)!.demos.push(demo);
    return true;
  },
  { strategyName: 'append_a_demo' as const },
);

/**
 * `append_a_rule`: asks the prompt model (`OfferFeedback`, DSPy's exact prompt) to contrast the
 * bucket's best and worst trajectories and appends its advice to each predictor's instructions.
 */
export const appendARule: Strategy = Object.assign(
  async (bucket: SimbaRollout[], system: AnyProgram, ctx: StrategyContext): Promise<boolean> => {
    const named = system.namedPredictors();
    const good = bucket[0]!;
    const bad = bucket[bucket.length - 1]!;
    const example = good.example;
    if (num(good.score) <= ctx.batch10p || num(bad.score) >= ctx.batch90p) return false;
    if (num(good.score) <= num(bad.score)) {
      const blank = num(good.score) > ctx.batch90p ? bad : good;
      blank.trace = [];
      blank.score = 'N/A';
      blank.prediction = { 'N/A': 'Prediction not available' };
    }
    const trajectory = (r: SimbaRollout) =>
      r.trace
        .filter((t) => ctx.predictor2name.has(t.predictor))
        .map((t) => ({
          module_name: ctx.predictor2name.get(t.predictor)!,
          inputs: t.inputs,
          outputs: fieldsOf(t.outputs),
        }));
    if (good.prediction === undefined) throw new TypeError('the better trajectory has no prediction');
    const values: Record<string, unknown> = {
      program_code: ctx.programCode,
      modules_defn: inspectModules(named),
      program_inputs: Object.fromEntries(example.inputs().items()),
      oracle_metadata: Object.fromEntries(example.labels().items()),
      better_program_trajectory: trajectory(good),
      better_program_outputs: fieldsOf(good.prediction),
      worse_program_trajectory: trajectory(bad),
      worse_program_outputs: fieldsOf(bad.prediction ?? {}),
      worse_reward_value: reward(bad.score),
      better_reward_value: reward(good.score),
      worse_reward_info: bad.outputMetadata,
      better_reward_info: good.outputMetadata,
      module_names: named.map(([n]) => n),
    };
    const inputs = Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : pyJsonDumps(v, 2)]),
    );
    const advice = await withSettings({ trace: null }, () =>
      new Predict(SIMBA_OFFER_FEEDBACK).call(inputs as never, { lm: ctx.promptModel, signal: ctx.signal }),
    );
    const byModule = ((advice as unknown as { module_advice?: Record<string, unknown> }).module_advice ?? {}) as Record<
      string,
      unknown
    >;
    for (const [name, p] of named) {
      if (!(name in byModule)) continue;
      p.signature = p.signature.withInstructions(`${p.signature.instructions}\n\n${String(byModule[name])}`);
    }
    return true;
  },
  { strategyName: 'append_a_rule' as const },
);

function reward(score: number | 'N/A'): unknown {
  return score === 'N/A' ? score : new PyFloat(score);
}
