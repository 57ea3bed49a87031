// Explicit export list: what is not here is internal.
export type {
  AnyProgram,
  BootstrapStats,
  CandidateReport,
  CompileOptions,
  CompileResult,
  Optimizer,
  OptimizerReport,
  ScoredProgram,
} from './optimizer';
export { LabeledFewShot, attachLabeledDemos } from './labeled-few-shot';
export type { LabeledFewShotOptions } from './labeled-few-shot';
export { BootstrapFewShot } from './bootstrap/bootstrap-few-shot';
export type { BootstrapFewShotOptions } from './bootstrap/bootstrap-few-shot';
export { RolloutLM } from './bootstrap/rollout-lm';
export type { RolloutOverrides } from './bootstrap/rollout-lm';
export {
  BootstrapFewShotWithRandomSearch,
  BootstrapFewShotWithRandomSearch as BootstrapRS,
} from './random-search/random-search';
export type { RandomSearchOptions } from './random-search/random-search';
export { Checkpoint } from './random-search/checkpoint';
export type { CheckpointEntry } from './random-search/checkpoint';
export { KNN } from './knn/knn';
export { KNNFewShot } from './knn/knn-few-shot';
export type { KNNFewShotOptions } from './knn/knn-few-shot';
export { Ensemble, EnsembledProgram } from './ensemble/ensemble';
export type { EnsembleOptions } from './ensemble/ensemble';
export { bindOptimizer } from './di/bind-optimizer';
export type { OptimizerFactory } from './di/bind-optimizer';
