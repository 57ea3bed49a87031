// The optimizer contract lives in core beside the other contracts (LanguageModel, Adapter, Retriever).
export type {
  AnyProgram,
  BootstrapStats,
  CandidateReport,
  CompileOptions,
  CompileResult,
  Optimizer,
  OptimizerReport,
  ScoredProgram,
  TrialReport,
} from '@dspy-ts/core';
