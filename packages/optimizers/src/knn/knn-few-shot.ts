import { ObserveCompile } from '@dspy-ts/core/provider-kit';
import { DspyError, type Embedder } from '@dspy-ts/core';
import { BootstrapFewShot, type BootstrapFewShotOptions } from '../bootstrap/bootstrap-few-shot';
import { clearedCopy } from '../internal/copies';
import { measure } from '../internal/measure';
import { buildReport } from '../internal/report';
import type { AnyProgram, CompileOptions, CompileResult, Optimizer } from '../optimizer';
import { KNN } from './knn';

export interface KNNFewShotOptions extends BootstrapFewShotOptions {
  /** Nearest train examples per query. */
  readonly k: number;
  /** Embeds examples and queries (DSPy's `vectorizer`), e.g. an `OllamaEmbedder`. */
  readonly embedder: Embedder;
}

/**
 * DSPy's `KNNFewShot`: the compiled program finds, per call, the `k` train examples nearest to
 * its inputs and runs `BootstrapFewShot` on just those before answering, so every query gets
 * demos close to it (bootstrapping LM calls happen at query time). The trainset goes to
 * `compile()` (DSPy takes it in the constructor) so the optimizer fits the `Optimizer` contract
 * and can be bound in a container before the data exists.
 *
 * @example
 * const knn = new KNNFewShot({ k: 3, embedder, metric: answerExactMatch, maxBootstrappedDemos: 2 });
 * const { program } = await knn.compile(qa, { trainset });
 * await program.call({ question: 'Capital of Spain?' });
 */
export class KNNFewShot implements Optimizer {
  readonly name = 'KNNFewShot';
  readonly config: KNNFewShotOptions;
  private readonly bootstrap: BootstrapFewShot;

  constructor(options: KNNFewShotOptions) {
    if (!options?.embedder)
      throw new DspyError('CONFIG_INVALID', 'KNNFewShot needs an embedder: new KNNFewShot({ k, embedder }).');
    this.config = { ...options };
    this.bootstrap = new BootstrapFewShot(options);
  }

  @ObserveCompile()
  async compile<P extends AnyProgram>(student: P, options: CompileOptions): Promise<CompileResult<P>> {
    const { result: program, cost } = await measure(async () => {
      const knn = new KNN(this.config.k, options.trainset, this.config.embedder);
      await knn.trainVectors(options.signal); // fail at compile time, not on the first query
      // Snapshots: later changes to the caller's student or teacher must not leak into the compiled program.
      const base = student.deepCopy();
      const teacher = options.teacher?.deepCopy();
      const bootstrap = this.bootstrap;
      const copy = clearedCopy(student);
      const forward = async (inputs: Record<string, unknown>, callOptions?: { signal?: AbortSignal }) => {
        const neighbours = await knn.retrieve(inputs, callOptions?.signal);
        const { program: compiled } = await bootstrap.compile(base, {
          trainset: neighbours,
          teacher,
          signal: callOptions?.signal,
        });
        return compiled.call(inputs as never, callOptions as never);
      };
      // Own, non-enumerable: replaces the class's forward (as DSPy rebinds it) and stays out of the predictor walk.
      Object.defineProperty(copy, 'forward', { value: forward, writable: true, configurable: true, enumerable: false });
      copy.compiled = true;
      return copy;
    });
    return { program, report: buildReport(this.name, cost) };
  }
}
