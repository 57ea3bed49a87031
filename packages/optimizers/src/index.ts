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
export { RunStore, runFingerprint, fingerprintOf } from './shared/run-store';
export type { RunStoreOptions } from './shared/run-store';
export { OptimizerRun, checkCompileInput } from './shared/optimizer-run';
export type { RunOptions, TrialOutcome } from './shared/optimizer-run';
export { LocalEvaluator, resolveEvaluator, lmConcurrency } from './shared/evaluator';
export type { CandidateEvaluator, CandidateScore, EvaluateContext, LocalEvaluatorOptions } from './shared/evaluator';
export { optimizerEvents, TrialProgress, showProgress } from './shared/events';
export type { OptimizerEvent, ProgressOption, RunHooks } from './shared/events';
export { instructionsOf, demoCountsOf } from './shared/trial-report';
export type { TrialReport } from './shared/trial-report';
export { GEPA } from './gepa/gepa';
export type { GepaDetails, GepaReport } from './gepa/gepa';
export type { GepaOptions } from './gepa/gepa-options';
export { autoBudget as gepaAutoBudget } from './gepa/gepa-options';
export type { GepaMetric, ReflectiveRecord } from './gepa/reflective-dataset';
export type { GepaTrial } from './gepa/trial';
export { PROPOSE_INSTRUCTION, GEPA_REFLECTION_TEMPLATE, extractInstruction } from './gepa/proposer';
export type { ScoreLike } from './internal/rollouts';
export { SIMBA } from './simba/simba';
export type { SimbaOptions, SimbaReport, SimbaStep } from './simba/simba';
export { SIMBA_OFFER_FEEDBACK } from './simba/offer-feedback';
export { KNN } from './knn/knn';
export { KNNFewShot } from './knn/knn-few-shot';
export type { KNNFewShotOptions } from './knn/knn-few-shot';
export { Ensemble, EnsembledProgram } from './ensemble/ensemble';
export type { EnsembleOptions } from './ensemble/ensemble';
export { bindOptimizer } from './di/bind-optimizer';
export type { OptimizerFactory } from './di/bind-optimizer';
export { COPRO } from './copro/copro';
export type { COPROOptions, COPROResult, COPROCandidate, COPROStats } from './copro/copro';
export { BASIC_GENERATE_INSTRUCTION, GENERATE_INSTRUCTION_GIVEN_ATTEMPTS } from './copro/copro-signatures';
export { MIPROv2, AUTO_RUN_SETTINGS } from './mipro/mipro-v2';
export type { MIPROv2Options, MIPROv2Result, MIPROCandidate, AutoRunMode } from './mipro/mipro-v2';
export { GroundedProposer, createDatasetSummary, stripPrefix, programCodeString } from './mipro/grounded-proposer';
export type { GroundedProposerOptions, DemoCandidates } from './mipro/grounded-proposer';
export { TIPS, generateSingleModuleInstruction } from './mipro/proposer-signatures';
export { TpeSampler } from './mipro/tpe-sampler';
export type { TpeObservation, TpeSamplerOptions } from './mipro/tpe-sampler';
