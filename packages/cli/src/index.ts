// Explicit export list: the CLI's building blocks, for embedding it or testing reports.
export { main, buildCli } from './main';
export { evaluationReport } from './report/evaluation-report';
export { optimizationReport, instructionDiff } from './report/optimization-report';
export { readRun, writeRun } from './run-record';
export type {
  EvaluationRun,
  EvaluationRowRecord,
  OptimizationRun,
  PredictorSnapshot,
  RunRecord,
  TrialRecord,
} from './run-record';
export { loadExamples } from './load-data';
export { loadProgram } from './load-program';
export type { ProgramModule } from './load-program';
export { chooseLm } from './choose-lm';
export type { LmFlags } from './choose-lm';
export { UsageError, EXIT } from './usage-error';
