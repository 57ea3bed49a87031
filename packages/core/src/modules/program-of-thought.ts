import { DspyError } from '../errors/dspy-error';
import type { LmCallOptions } from '../lm/language-model';
import type { Prediction } from '../primitives/prediction';
import { Program } from '../primitives/program';
import { getSignature } from '../signature/signature-of';
import type { SignatureSpec } from '../signature/signature-spec';
import { isSandbox, type Sandbox, type SandboxError, type SandboxRunOptions } from '../tools/sandbox';
import { ChainOfThought } from './chain-of-thought';
import type { PredictCallOptions } from './predict';
import { codeOutputOf, parseGeneratedCode } from './program-of-thought-code';
import { programOfThoughtSignature } from './program-of-thought-signatures';
import type { InputsOf, OutputsOf, SignatureLike } from './signature-types';

/**
 * @example
 * { sandbox: new JsSandbox(), maxIters: 3, runOptions: { timeoutMs: 2000 } }
 */
export interface ProgramOfThoughtOptions {
  /** Where the generated code runs, e.g. `new JsSandbox()` from `@dspy-ts/sandbox`. */
  readonly sandbox: Sandbox;
  /** Code attempts in all, DSPy's `max_iters`: the first program plus up to `maxIters - 1` repairs. Default 3. */
  readonly maxIters?: number;
  /** Limits for every run of generated code; the sandbox's defaults fill the rest. */
  readonly runOptions?: Omit<SandboxRunOptions, 'signal'>;
  /** LM options of the three predictors. */
  readonly config?: LmCallOptions;
}

type Attempt =
  | { code: string; output: string; error?: undefined }
  | { code: string; output?: undefined; error: string; sandboxError?: SandboxError };

/**
 * DSPy's ProgramOfThought with the model writing JavaScript (or the sandbox's language):
 * `code_generate` writes a program for the inputs, the sandbox runs it, `code_regenerate` is
 * shown the failing code and its error until a run succeeds or `maxIters` attempts are spent,
 * then `generate_output` answers from the final code and its output. The generated code hands
 * back its answer with `SUBMIT({...})` (or its last expression / a `result` variable).
 *
 * Predictor names (`code_generate.predict`...) are DSPy's, so saved state moves between the two.
 *
 * @example
 * import { JsSandbox } from '@dspy-ts/sandbox';
 * const pot = new ProgramOfThought('question -> answer: int', { sandbox: new JsSandbox(), maxIters: 3 });
 * const p = await pot.call({ question: 'What is the sum of the first 100 primes?' });
 * p.answer; // 24133
 * // after maxIters failing programs: DspyError('SANDBOX_ERROR') carrying the last code and error
 */
export class ProgramOfThought<S extends SignatureLike = SignatureLike> extends Program<
  InputsOf<S>,
  Prediction<OutputsOf<S> & { reasoning: string }>
> {
  readonly signature: SignatureSpec<any, any>;
  readonly code_generate: ChainOfThought<SignatureSpec<any, any>>;
  readonly code_regenerate: ChainOfThought<SignatureSpec<any, any>>;
  readonly generate_output: ChainOfThought<SignatureSpec<any, any>>;
  readonly sandbox: Sandbox;
  maxIters: number;
  runOptions: Omit<SandboxRunOptions, 'signal'>;

  constructor(signature: S, options: ProgramOfThoughtOptions) {
    super();
    if (!isSandbox(options?.sandbox)) {
      throw new DspyError(
        'CONFIG_INVALID',
        'ProgramOfThought needs a sandbox to run the generated code: `new ProgramOfThought(sig, { sandbox: new JsSandbox() })` with JsSandbox from @dspy-ts/sandbox.',
      );
    }
    const maxIters = options.maxIters ?? 3;
    if (!Number.isInteger(maxIters) || maxIters < 1) {
      throw new DspyError(
        'CONFIG_INVALID',
        `ProgramOfThought: \`maxIters\` must be a whole number of at least 1; got ${String(options.maxIters)}.`,
      );
    }
    this.signature = getSignature(signature);
    const language = options.sandbox.language;
    const config = options.config ?? {};
    this.code_generate = new ChainOfThought(programOfThoughtSignature(this.signature, 'generate', language), config);
    this.code_regenerate = new ChainOfThought(
      programOfThoughtSignature(this.signature, 'regenerate', language),
      config,
    );
    this.generate_output = new ChainOfThought(programOfThoughtSignature(this.signature, 'answer', language), config);
    this.sandbox = options.sandbox;
    this.maxIters = maxIters;
    this.runOptions = { ...options.runOptions };
  }

  async forward(
    inputs: InputsOf<S>,
    options: PredictCallOptions = {},
  ): Promise<Prediction<OutputsOf<S> & { reasoning: string }>> {
    const given = inputs as Record<string, unknown>;
    const userInputs: Record<string, unknown> = {};
    for (const f of this.signature.inputFields) if (f.name in given) userInputs[f.name] = given[f.name];

    const first = await this.code_generate.call(userInputs, options);
    let attempt = await this.attempt(first.generated_code, options);
    for (let hop = 1; attempt.error !== undefined; hop++) {
      if (hop >= this.maxIters) throw this.exhausted(attempt, hop);
      const repaired = await this.code_regenerate.call(
        { ...userInputs, previous_code: attempt.code, error: attempt.error },
        options,
      );
      attempt = await this.attempt(repaired.generated_code, options);
    }
    const answer = await this.generate_output.call(
      { ...userInputs, final_generated_code: attempt.code, code_output: attempt.output },
      options,
    );
    return answer as Prediction<OutputsOf<S> & { reasoning: string }>;
  }

  /** Parses and runs one generated program; every failure becomes the text the model is shown. */
  private async attempt(generated: unknown, options: PredictCallOptions): Promise<Attempt> {
    const parsed = parseGeneratedCode(generated);
    if (parsed.error !== undefined) return parsed;
    const run = await this.sandbox.run(parsed.code, { ...this.runOptions, signal: options.signal });
    const output = codeOutputOf(run);
    if (output.error !== undefined)
      return { code: parsed.code, error: output.error, sandboxError: run.ok ? undefined : run.error };
    return { code: parsed.code, output: output.output };
  }

  private exhausted(last: Extract<Attempt, { error: string }>, attempts: number): DspyError {
    return new DspyError(
      'SANDBOX_ERROR',
      `Max hops reached. Failed to run ProgramOfThought after ${attempts} attempt(s): ${last.error}\n\nLast code:\n${last.code}`,
      { details: { attempts, code: last.code, error: last.error, sandboxError: last.sandboxError } },
    );
  }
}
