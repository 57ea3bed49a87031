import type { Adapter } from '../adapters/adapter';
import { runInProgramScope } from '../context/program-scope';
import { trackUsage } from '../context/usage-tracker';
import { DspyError } from '../errors/dspy-error';
import type { LanguageModel } from '../lm/language-model';
import type { Callback } from '../observability/callback';
import { observationActive, observe } from '../observability/observe';
import { isLegacyPredictorState } from '../persistence/legacy-state';
import { loadProgramState, saveProgramState } from '../persistence/program-file';
import { type BatchOptions, type BatchReport, runBatch } from './batch';
import { clonePrograms } from './clone';
import type { Example } from './example';
import { INJECTED_ADAPTER, INJECTED_CALLBACKS, INJECTED_LM } from './injected';
import { isPredictor, type PredictorLike } from './predictor-like';
import { walkPredictors } from './walk-predictors';

/** Options every program call accepts; modules may read more. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/**
 * Base class of every program. Subclasses hold predictors (and other programs) as properties
 * and implement `forward()`; users call `call()`, which scopes the injected LM and adapter,
 * counts LM usage for the run and attaches it to the returned prediction.
 *
 * @example
 * @Module()
 * class QA extends Program<{ question: string }> {
 *   readonly generate = new ChainOfThought('question -> answer');
 *   forward(inputs: { question: string }) { return this.generate.call(inputs); }
 * }
 * const prediction = await new QA().call({ question: 'Why is the sky blue?' });
 */
export abstract class Program<I extends object = Record<string, unknown>, O = unknown> {
  /** Compiled programs are frozen: optimizers walking an enclosing program skip their predictors. */
  compiled = false;

  declare [INJECTED_LM]?: LanguageModel;
  declare [INJECTED_ADAPTER]?: Adapter;
  declare [INJECTED_CALLBACKS]?: readonly Callback[];
  /**
   * Callbacks of this program: they see its calls and everything it calls (predictors, LMs,
   * tools), in addition to the ones in settings.
   */
  declare callbacks?: readonly Callback[];

  abstract forward(inputs: I, options?: CallOptions): Promise<O>;

  /**
   * Runs `forward()`. The result type is whatever the subclass's `forward()` returns,
   * so a program's output type is written once.
   */
  call(inputs: ProgramInputs<this>, options?: ProgramCallOptions<this>): Promise<ProgramOutput<this>> {
    const own = this.callbacks;
    const injected = this[INJECTED_CALLBACKS];
    const callbacks = own?.length ? (injected?.length ? own.concat(injected) : own) : injected;
    if (!observationActive(callbacks)) return runProgram(this, inputs, options);
    const predictor = isPredictor(this);
    return observe(
      {
        kind: 'module',
        instance: this,
        name: predictor
          ? `${this.constructor.name}(${(this as unknown as PredictorLike).signature.name})`
          : this.constructor.name,
        inputs: inputs as Record<string, unknown>,
        callbacks,
        isPredictor: predictor,
      },
      () => runProgram(this, inputs, options),
    );
  }

  /**
   * Runs the program on many examples with bounded concurrency (DSPy's `Module.batch`). Results come
   * back in example order; a failed example gives `undefined` (or, with `returnFailed: true`, is listed
   * with its error). An `Example` is called with its `inputs()`; past `maxErrors` failures the batch
   * rejects with `EXECUTION_CANCELLED`.
   *
   * @example
   * const predictions = await qa.batch(devset, { concurrency: 4 });
   * const { results, failedExamples, exceptions } = await qa.batch(devset, { returnFailed: true });
   */
  batch(
    examples: readonly (Example<any> | ProgramInputs<this>)[],
    options: BatchOptions<true> & { readonly returnFailed: true },
  ): Promise<BatchReport<ProgramOutput<this>>>;
  batch(
    examples: readonly (Example<any> | ProgramInputs<this>)[],
    options?: BatchOptions<false>,
  ): Promise<(ProgramOutput<this> | undefined)[]>;
  batch(
    examples: readonly (Example<any> | ProgramInputs<this>)[],
    options: BatchOptions = {},
  ): Promise<(ProgramOutput<this> | undefined)[] | BatchReport<ProgramOutput<this>>> {
    return runBatch<ProgramOutput<this>>(this as never, examples, options);
  }

  /** Every predictor reachable from this program, named as DSPy names them (`generate.predict`, `hops[0]`). */
  namedPredictors(): [string, PredictorLike][] {
    return walkPredictors(this);
  }

  predictors(): PredictorLike[] {
    return this.namedPredictors().map(([, p]) => p);
  }

  /** Independent copy: predictors, arrays, maps and nested programs are copied; LMs, retrievers and tools are shared. */
  deepCopy(): this {
    return clonePrograms(this);
  }

  /** `deepCopy()` with every predictor reset (no demos, no LM), as optimizers start from. */
  resetCopy(): this {
    const copy = this.deepCopy();
    for (const p of copy.predictors()) p.reset();
    return copy;
  }

  /** Sets the LM of every predictor. */
  setLm(lm: LanguageModel): void {
    for (const p of this.predictors()) p.lm = lm;
  }

  /** The one LM all predictors use; throws if they differ. */
  getLm(): LanguageModel | undefined {
    const lms = new Set(this.predictors().map((p) => p.lm));
    if (lms.size > 1) {
      throw new DspyError(
        'CONFIG_INVALID',
        `The predictors of ${this.constructor.name} use different LMs; read them one by one with namedPredictors().`,
      );
    }
    return [...lms][0];
  }

  /** Per-predictor state in DSPy's layout, keyed by predictor name. */
  dumpState(): Record<string, unknown> {
    return Object.fromEntries(this.namedPredictors().map(([name, p]) => [name, p.dumpState()]));
  }

  /**
   * Applies a `dumpState()` result. Transactional: every predictor's state is checked first and
   * nothing changes unless all of it fits; the error lists every difference.
   */
  loadState(state: Record<string, unknown>): this {
    const named = this.namedPredictors();
    const names = new Set(named.map(([n]) => n));
    const byName = legacyKeysAliased(state, names);
    const problems: string[] = [];
    const missing = named.filter(([name]) => !(name in byName)).map(([n]) => n);
    const unexpected = Object.keys(byName).filter((k) => k !== 'metadata' && !names.has(k));
    if (missing.length) problems.push(`no state for predictor(s) ${missing.join(', ')}`);
    if (unexpected.length) problems.push(`state for predictor(s) the program does not have: ${unexpected.join(', ')}`);
    const apply: (() => void)[] = [];
    for (const [name, p] of named) {
      if (!(name in byName)) continue;
      try {
        apply.push(p.prepareState(byName[name], name));
      } catch (err) {
        const listed = DspyError.is(err) ? err.details.problems : undefined;
        if (Array.isArray(listed)) problems.push(...(listed as string[]));
        else problems.push((err as Error).message);
      }
    }
    if (problems.length) {
      throw new DspyError(
        'STATE_MISMATCH',
        `The state does not match ${this.constructor.name} (predictors: ${[...names].join(', ') || 'none'}); nothing was changed:\n- ${problems.join('\n- ')}\n` +
          'Load state saved from the same program structure.',
        { details: { missing, unexpected, problems } },
      );
    }
    for (const fn of apply) fn();
    return this;
  }

  /**
   * Saves the program's state (demos, instructions, field prefixes/descriptions, LM settings
   * without secrets) to a `.json` file in DSPy's layout, atomically.
   *
   * @example
   * await compiled.save('support-bot.json');
   */
  async save(path: string): Promise<void> {
    await saveProgramState(this, path);
  }

  /**
   * Loads a `.json` state file written by `save()` or by Python DSPy. Transactional: a file
   * that does not fit this program's predictors changes nothing and raises an error listing
   * the differences.
   *
   * @example
   * const bot = await new SupportBot(kb).load('support-bot.json');
   */
  async load(path: string): Promise<this> {
    await loadProgramState(this, path);
    return this;
  }
}

/** Scopes the injected LM and adapter, counts LM usage and attaches it to the prediction. */
async function runProgram<P extends Program<any, any>>(
  program: P,
  inputs: ProgramInputs<P>,
  options: ProgramCallOptions<P> | undefined,
): Promise<ProgramOutput<P>> {
  const lm = program[INJECTED_LM];
  const adapter = program[INJECTED_ADAPTER];
  const run = () => program.forward(inputs, options as CallOptions) as Promise<ProgramOutput<P>>;
  const { result, usage } = await trackUsage(() => (lm || adapter ? runInProgramScope({ lm, adapter }, run) : run()));
  const withUsage = result as { setUsage?: (u: unknown) => void } | undefined;
  if (withUsage && typeof withUsage.setUsage === 'function') withUsage.setUsage(usage.byModelName());
  return result;
}

/** The first parameter of a program's `forward()`. */
export type ProgramInputs<P> = P extends { forward(inputs: infer In, ...rest: never[]): unknown } ? In : never;
/** The options a program's `forward()` accepts. */
export type ProgramCallOptions<P> = P extends { forward(inputs: never, options?: infer Opt): unknown }
  ? Opt
  : CallOptions;
/** What a program's `forward()` resolves to. */
export type ProgramOutput<P> = P extends { forward(...args: never[]): Promise<infer Out> } ? Out : unknown;

export { isPredictor };
export type { PredictorLike };

function isRetrieveState(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === 'k' && typeof (value as { k: unknown }).k === 'number';
}

/**
 * DSPy ≤ 2.5's ChainOfThought was itself a Predict, so its state sits under `x` (or `self` for a
 * bare one) where our ChainOfThought's predictor is `x.predict` (or `predict`). Legacy states
 * under a name the program lacks move to that name when the program has it. A saved
 * `dspy.Retrieve` (`{ "k": 3 }`) under a name the program lacks is skipped.
 */
function legacyKeysAliased(state: Record<string, unknown>, names: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    // DSPy ≤ 2.5 also saved a `dspy.Retrieve` (`{ "k": 3 }`); retrievers are not predictors here.
    if (!names.has(key) && isRetrieveState(value)) continue;
    const alias = key === 'self' ? 'predict' : `${key}.predict`;
    const move = !names.has(key) && names.has(alias) && !(alias in state) && isLegacyPredictorState(value);
    out[move ? alias : key] = value;
  }
  return out;
}
