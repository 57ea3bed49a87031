import { type Demo, type Example, type LanguageModel, Predict, type SeededRandom, withSettings } from '@dspy-ts/core';
import { type PredictorLike, resolveLm } from '@dspy-ts/core/provider-kit';
import { RolloutLM } from '../bootstrap/rollout-lm';
import type { AnyProgram } from '../optimizer';
import {
  DATASET_DESCRIPTOR,
  DATASET_DESCRIPTOR_WITH_PRIOR,
  DESCRIBE_MODULE,
  DESCRIBE_PROGRAM,
  generateSingleModuleInstruction,
  OBSERVATION_SUMMARIZER,
  TIPS,
} from './proposer-signatures';

/** Demo sets per predictor index (DSPy's `demo_candidates`): `sets[predictor][set]` is a list of demos. */
export type DemoCandidates = readonly (readonly (readonly Demo[])[])[];

export interface GroundedProposerOptions {
  /** Proposes (and summarizes, and describes). Default: the configured LM. */
  readonly promptModel?: LanguageModel;
  readonly program: AnyProgram;
  readonly trainset: readonly Example<any>[];
  readonly viewDataBatchSize?: number;
  /** Dataset summary in the prompt. Default true. */
  readonly useDatasetSummary?: boolean;
  /** Program and module descriptions in the prompt. Default true. */
  readonly programAware?: boolean;
  /** Bootstrapped demos in the prompt. Default true. */
  readonly useTaskDemos?: boolean;
  readonly numDemosInContext?: number;
  /** A tip drawn at random per proposal. Default true. */
  readonly useTip?: boolean;
  readonly rng: SeededRandom;
  /** Temperature of proposals. Default 1.0. */
  readonly initTemperature?: number;
  /** Run a step once and store it (a checkpoint); default runs it. */
  readonly step?: <T>(key: string, fn: () => Promise<T>) => Promise<T>;
}

/**
 * DSPy's `GroundedProposer` (MIPROv2's instruction proposer): a dataset summary, a description
 * of the program and of each module, up to three bootstrapped demos and a random tip go into
 * `GenerateSingleModuleInstruction`; each proposal samples the prompt model with a fresh rollout
 * id. Signature texts are DSPy 3.4.1's; the program "code" is the program's own structure (JS
 * class source and predictor signatures), since there is no Python source to show.
 *
 * @example
 * const proposer = await GroundedProposer.create({ program, trainset, rng: new SeededRandom(9) });
 * const byPredictor = await proposer.proposeInstructionsForProgram(program, demoCandidates, 3);
 */
export class GroundedProposer {
  dataSummary?: string;
  readonly programCode: string;
  private useDatasetSummary: boolean;
  private useTaskDemos: boolean;
  private readonly step: <T>(key: string, fn: () => Promise<T>) => Promise<T>;

  private constructor(private readonly options: GroundedProposerOptions) {
    this.useDatasetSummary = options.useDatasetSummary ?? true;
    this.useTaskDemos = options.useTaskDemos ?? true;
    this.programCode = programCodeString(options.program);
    this.step = options.step ?? ((_key, fn) => fn());
  }

  static async create(options: GroundedProposerOptions): Promise<GroundedProposer> {
    const proposer = new GroundedProposer(options);
    if (proposer.useDatasetSummary) {
      try {
        proposer.dataSummary = await proposer.step('propose/dataset-summary', () =>
          createDatasetSummary(options.trainset, options.viewDataBatchSize ?? 10, options.promptModel),
        );
      } catch {
        proposer.useDatasetSummary = false; // as DSPy: run without the data-aware proposer
      }
    }
    return proposer;
  }

  private get promptModel(): LanguageModel {
    return this.options.promptModel ?? resolveLm(undefined, 'the MIPROv2 proposer');
  }

  /** DSPy's `propose_instructions_for_program`: `n` instructions per predictor index. */
  async proposeInstructionsForProgram(
    program: AnyProgram,
    demoCandidates: DemoCandidates | undefined,
    n: number,
  ): Promise<string[][]> {
    let numDemos: number;
    if (!demoCandidates?.length) {
      this.useTaskDemos = false;
      numDemos = n;
    } else numDemos = Math.max(demoCandidates[0]!.length, 1);
    // Tips and rollout ids are drawn in DSPy's order first (so the RNG matches DSPy's and a resumed
    // run draws the same), then the proposals run in parallel: each has its own rollout id.
    const jobs: { predIndex: number; demoSet: number; tip?: string; rolloutId: number }[] = [];
    const predictors = program.namedPredictors();
    for (const [predIndex] of predictors.entries()) {
      for (let demoSet = 0; demoSet < Math.min(n, numDemos); demoSet++) {
        let tip: string | undefined;
        if (this.options.useTip ?? true) tip = TIPS[this.options.rng.choice(Object.keys(TIPS))]!;
        jobs.push({ predIndex, demoSet, tip, rolloutId: this.options.rng.randint(0, 10 ** 9) });
      }
    }
    const results = await Promise.all(
      jobs.map((job) =>
        this.step(`propose/${job.predIndex}/${job.demoSet}`, () =>
          this.proposeInstructionForPredictor(
            program,
            job.predIndex,
            demoCandidates,
            job.demoSet,
            job.rolloutId,
            job.tip,
          ),
        ),
      ),
    );
    const out: string[][] = predictors.map(() => []);
    jobs.forEach((job, i) => out[job.predIndex]!.push(results[i]!));
    return out;
  }

  /** DSPy's `propose_instruction_for_predictor` (trial logs are empty in MIPROv2, so no history). */
  async proposeInstructionForPredictor(
    program: AnyProgram,
    predIndex: number,
    demoCandidates: DemoCandidates | undefined,
    demoSet: number,
    rolloutId: number,
    tip: string | undefined,
  ): Promise<string> {
    const lm = new RolloutLM(this.promptModel, { rolloutId, temperature: this.options.initTemperature ?? 1.0 });
    const predictor = program.namedPredictors()[predIndex]![1];
    const generated = await withSettings({ lm }, () =>
      this.generateModuleInstruction(program, predictor, predIndex, demoCandidates, demoSet, tip),
    );
    return stripPrefix(generated);
  }

  /** DSPy's `GenerateModuleInstruction.forward`. */
  private async generateModuleInstruction(
    program: AnyProgram,
    predictor: PredictorLike,
    predIndex: number,
    demoCandidates: DemoCandidates | undefined,
    demoSet: number,
    tip: string | undefined,
  ): Promise<string> {
    let programAware = this.options.programAware ?? true;
    const useTaskDemos = this.useTaskDemos && Boolean(demoCandidates?.length);
    const basicInstruction = predictor.signature.instructions;
    let taskDemos = '';
    if (useTaskDemos) {
      const sets = demoCandidates![predIndex]!;
      const adjacent = [sets[demoSet]!, ...sets.slice(demoSet + 1), ...sets.slice(0, demoSet)];
      const strings: string[] = [];
      const max = this.options.numDemosInContext ?? 3;
      outer: for (const set of adjacent) {
        for (const demo of set) {
          if (!hasKey(demo, 'augmented')) continue;
          strings.push(createExampleString(predictor, demo));
          if (strings.length >= max) break outer;
        }
      }
      taskDemos = `${strings.join('\n\n')}\n\n`;
    }
    if (!taskDemos.trim() || demoSet === 0) taskDemos = 'No task demos provided.';

    let programDescription = 'Not available';
    let moduleCode = 'Not provided';
    let moduleDescription = 'Not provided';
    if (programAware) {
      try {
        const described = await new Predict(DESCRIBE_PROGRAM).call({
          program_code: this.programCode,
          program_example: taskDemos,
        });
        programDescription = stripPrefix(String(described.program_description));
        const inputs = predictor.signature.inputFields.map((f) => f.name);
        const outputs = predictor.signature.outputFields.map((f) => f.name);
        moduleCode = `${predictorClassName(predictor)}(${inputs.join(', ')}) -> ${outputs.join(', ')}`;
        const module = await new Predict(DESCRIBE_MODULE).call({
          program_code: this.programCode,
          program_description: programDescription,
          program_example: taskDemos,
          module: moduleCode,
        });
        moduleDescription = String(module.module_description);
      } catch {
        programAware = false;
      }
    }
    const signature = generateSingleModuleInstruction({
      datasetSummary: this.useDatasetSummary,
      programAware,
      instructHistory: false,
      tip: (this.options.useTip ?? true) && Boolean(tip),
    });
    const values: Record<string, unknown> = {
      dataset_description: this.dataSummary ?? null,
      program_code: this.programCode,
      module: moduleCode,
      program_description: programDescription,
      module_description: moduleDescription,
      task_demos: taskDemos,
      tip: tip ?? null,
      basic_instruction: basicInstruction,
    };
    const inputs = Object.fromEntries(signature.inputFields.map((f) => [f.name, values[f.name]]));
    const prediction = await new Predict(signature).call(inputs as never);
    return stripPrefix(String(prediction.proposed_instruction));
  }
}

/**
 * DSPy's `create_dataset_summary`: observations over batches, then a 2–3 sentence summary.
 *
 * @example
 * const summary = await createDatasetSummary(trainset, 10, promptModel);
 */
export async function createDatasetSummary(
  trainset: readonly Example<any>[],
  viewDataBatchSize: number,
  promptModel?: LanguageModel,
): Promise<string> {
  const run = <T>(fn: () => Promise<T>) => (promptModel ? withSettings({ lm: promptModel }, fn) : fn());
  const config = { n: 1, temperature: 1.0 };
  const upper = Math.min(trainset.length, viewDataBatchSize);
  const first = await run(() =>
    new Predict(DATASET_DESCRIPTOR, config).call({ examples: reprExamples(trainset.slice(0, upper)) }),
  );
  let observations = String(first.observations);
  let skips = 0;
  try {
    let calls = 0;
    for (let b = viewDataBatchSize; b < trainset.length; b += viewDataBatchSize) {
      calls++;
      if (calls >= 10) break;
      const end = Math.min(trainset.length, b + viewDataBatchSize);
      const output = await run(() =>
        new Predict(DATASET_DESCRIPTOR_WITH_PRIOR, config).call({
          prior_observations: observations,
          examples: reprExamples(trainset.slice(b, end)),
        }),
      );
      const text = String(output.observations);
      if (text.length >= 8 && text.slice(0, 8).toUpperCase() === 'COMPLETE') {
        skips++;
        if (skips >= 5) break;
        continue;
      }
      observations += text;
    }
  } catch {
    // DSPy keeps the observations gathered so far
  }
  const summary = await run(() => new Predict(OBSERVATION_SUMMARIZER, config).call({ observations }));
  return stripPrefix(String(summary.summary));
}

/** Python's `repr(list_of_examples)` with sorted input keys (DSPy's `order_input_keys_in_string`). */
export function reprExamples(examples: readonly Example<any>[]): string {
  const text = `[${examples.map((e) => String(e)).join(', ')}]`;
  return text.replace(/input_keys=\{([^}]+)\}/g, (_m, keys: string) => {
    const sorted = keys
      .split(',')
      .map((k) => k.trim())
      .sort();
    return `input_keys={${sorted.join(', ')}}`;
  });
}

/**
 * DSPy's `strip_prefix`: drops a leading "Proposed Instruction:"-style label and outer quotes.
 *
 * @example
 * stripPrefix('Proposed Instruction: "Answer in one word."'); // 'Answer in one word.'
 */
export function stripPrefix(text: string): string {
  const stripped = text.replace(/^[*\s]*(([\p{L}\p{N}_'-]+\s+){0,4}[\p{L}\p{N}_'-]+):\s*/u, '');
  return stripped.replace(/^"+|"+$/g, '');
}

/** DSPy's `create_example_string`: `<prefix> <value>` per signature field. */
export function createExampleString(predictor: PredictorLike, demo: Demo): string {
  return predictor.signature.fields.map((f) => `${f.prefix} ${pyValue(getKey(demo, f.name))}`).join('\n');
}

/**
 * What DSPy's `get_dspy_source_code` shows the proposer, for a JS program: predictor signatures
 * and the program class's source (a bare `Predict`/`ChainOfThought` shows nothing, as DSPy).
 *
 * @example
 * programCodeString(new Predict('question -> answer')); // '\n\n': DSPy shows nothing for a bare Predict
 */
export function programCodeString(program: AnyProgram): string {
  const name = program.constructor.name;
  if (name === 'Predict') return '\n\n';
  const header = program
    .namedPredictors()
    .map(
      ([n, p]) =>
        `${n} = ${predictorClassName(p)}(${JSON.stringify(p.signature.signatureString)})\n    instructions=${JSON.stringify(p.signature.instructions)}`,
    );
  const base = name === 'ChainOfThought' ? '' : sourceOf(program);
  return `${header.join('\n\n')}\n\n${base}`;
}

function sourceOf(program: AnyProgram): string {
  try {
    return Function.prototype.toString.call(program.constructor);
  } catch {
    return '';
  }
}

function predictorClassName(p: PredictorLike): string {
  return (p as object).constructor?.name ?? 'Predict';
}

function hasKey(demo: Demo, key: string): boolean {
  const d = demo as { keys?: () => string[] };
  if (typeof d.keys === 'function') return d.keys().includes(key);
  return Object.prototype.hasOwnProperty.call(demo, key);
}

function getKey(demo: Demo, key: string): unknown {
  const d = demo as { get?: (k: string) => unknown };
  if (typeof d.get === 'function') return d.get(key);
  return (demo as Record<string, unknown>)[key];
}

/** Python's `f"{value}"` for prompt text. */
function pyValue(v: unknown): string {
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
