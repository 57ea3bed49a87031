/**
 * `@dspy-ts/core`: what applications use. Packages that extend dspy-ts (LM providers, optimizers,
 * adapters) also import `@dspy-ts/core/provider-kit`; test doubles are in `@dspy-ts/core/testing`.
 * Explicit export list: what is in neither entry point is internal.
 */
export { DspyError, AdapterParseError, LmError } from './errors/dspy-error';
export type { ErrorCode } from './errors/error-codes';
export { ERROR_CODES } from './errors/error-codes';

export type { TypeRef } from './signature/type-ref';
export { T } from './signature/type-ref';
export type { FieldSpec, FieldRole } from './signature/field-spec';
export { SignatureSpec } from './signature/signature-spec';
export type { SignatureState, Spec } from './signature/signature-spec';

export type { ChatMessage, ChatRole, ContentPart, ToolCall, ToolDefinition } from './lm/messages';
export type {
  LanguageModel,
  LmCallOptions,
  LmCapabilities,
  LmOutput,
  LmResponse,
  LmStreamEvent,
  LmUsage,
  ResponseFormat,
  FinishReason,
} from './lm/language-model';
export { BaseLM } from './lm/base-lm';
export type { BaseLMOptions } from './lm/base-lm';
export { LmCallLog, formatHistory } from './lm/call-log';
export type { LmCallRecord, HistoryEntry, LmCallLogLimits, HistoryLimits } from './lm/call-log';

export type {
  Adapter,
  AdapterCallArgs,
  AdapterCallResult,
  AdapterStream,
  AdapterStreamRequest,
  Demo,
  ParsedOutputs,
} from './adapters/adapter';

export { configure, withSettings, currentSettings, resetSettings } from './context/settings';
export type { Settings, TraceEntry } from './context/settings';
export { UsageTracker, trackUsage } from './context/usage-tracker';

export { Program } from './primitives/program';
export type { CallOptions } from './primitives/program';
export type { BatchOptions, BatchReport } from './primitives/batch';
export { Module } from './decorators/module.decorator';
export type { ModuleOptions } from './metadata/module-metadata';
export { getModuleOptions } from './metadata/module-metadata';

export { Predict } from './modules/predict';
export type { PredictCallOptions } from './modules/predict';
export { ChainOfThought } from './modules/chain-of-thought';
export type { SignatureLike, SignatureClass, InputsOf, OutputsOf } from './modules/signature-types';

export { LM, ADAPTER, RETRIEVER, EMBEDDER, OPTIMIZER, CALLBACKS } from './di/tokens';
export { createContainer } from './di/create-container';
export type { ContainerOptions } from './di/create-container';

export type { Embedder } from './retrieval/embedder';
export type { Passage, RetrieveOptions, Retriever } from './retrieval/retriever';

// LM cache, retries, concurrency, provider helpers, BaseEmbedder (owned by the LM layer).
export { LmCache, configureCache, defaultLmCache } from './lm/cache/lm-cache';
export type { LmCacheOptions, RemoteCacheLayer } from './lm/cache/lm-cache';
export { DiskCache, defaultCacheDir } from './lm/cache/disk-cache';
export type { DiskCacheOptions } from './lm/cache/disk-cache';
export type { RetryOptions } from './lm/retry';
export { BaseEmbedder } from './lm/base-embedder';
export type { BaseEmbedderOptions, EmbedBatchResult, EmbedOptions } from './lm/base-embedder';

export { Signature } from './decorators/signature.decorator';
export { Description } from './decorators/description.decorator';
export { PyInt, pyInt } from './types/py-int';
export { InputField } from './decorators/input-field.decorator';
export { OutputField } from './decorators/output-field.decorator';
export type { FieldOptions, SignatureClassOptions, TypeThunk, TypeSource, EnumLike } from './metadata/field-options';
export { METADATA_KEYS } from './metadata/metadata-keys';
export { signature } from './signature/string-signature';
export type { StringSignatureOptions } from './signature/string-signature';
export { getSignature, isSignatureClass } from './signature/signature-of';
export { inputField, outputField } from './signature/field-factory';
export type { FieldFactoryOptions } from './signature/field-factory';
export type { StringSignatureInputs, StringSignatureOutputs } from './signature/static-types';

export { ChatAdapter } from './adapters/chat-adapter';
export { JSONAdapter } from './adapters/json-adapter';
export { XMLAdapter } from './adapters/xml-adapter';
export { TwoStepAdapter } from './adapters/two-step-adapter';
export { Example } from './primitives/example';
export { DataLoader } from './data/data-loader';
export type { CsvOptions, JsonOptions } from './data/data-loader';
export type { RowOptions } from './data/row-options';
export type { SplitOptions } from './data/train-test-split';
export { Prediction } from './primitives/prediction';
export type { ExampleConstructor } from './primitives/example';
export { Completions } from './primitives/prediction';
export type { CompletionsData, PredictionConstructor } from './primitives/prediction';
export { majority } from './modules/majority';
export type { MajorityOptions, VoteNormalizer } from './modules/majority';
export { Evaluate } from './evaluate/evaluate';
export type { EvaluateOptions } from './evaluate/evaluate';
export { EvaluationResult } from './evaluate/evaluation-result';
export type {
  Metric,
  MetricFn,
  MetricModule,
  MetricValue,
  ProgramLike,
  EvaluationRow,
  EvaluationTotals,
  ErrorKind,
} from './evaluate/types';
export type { EvaluateProgress, ProgressSetting } from './evaluate/progress';
export { exactMatch, f1Score, hotpotF1, precisionScore } from './evaluate/metrics';
export type { Answers } from './evaluate/metrics';
export { answerExactMatch, answerPassageMatch, tokenF1 } from './evaluate/answer-metrics';
export { normalizeText } from './evaluate/normalize';
export { SemanticF1, SemanticRecallPrecision, DecompositionalSemanticRecallPrecision } from './evaluate/semantic-f1';
export type { SemanticF1Options } from './evaluate/semantic-f1';
export { SeededRandom } from './utils/seeded-random';
export { BaseAdapter } from './adapters/base-adapter';
export type { UserMessageOptions } from './adapters/base-adapter';
export type { ChatAdapterOptions } from './adapters/chat-adapter';
export type { JSONAdapterOptions } from './adapters/json-adapter';
export { History, HISTORY_TYPE, ConversationHistory } from './types/history';
export type { HistoryMessage } from './types/history';
export { ToolCalls, TOOL_CALLS_TYPE } from './types/tool-calls';
export type { ToolCallRequest, ToolCallResult } from './types/tool-calls';
export { ProgramOfThought } from './modules/program-of-thought';
export type { ProgramOfThoughtOptions } from './modules/program-of-thought';
export type {
  JsonValue,
  Sandbox,
  SandboxError,
  SandboxErrorKind,
  SandboxFailure,
  SandboxResult,
  SandboxRunOptions,
  SandboxSuccess,
} from './tools/sandbox';
export { streamify } from './streaming/streamify';
export type { StreamingProgram } from './streaming/streamify';
export type { StreamifyOptions, StreamStatusMessages } from './streaming/stream-options';
export type {
  StreamEvent,
  TokenEvent,
  FieldStartEvent,
  FieldChunkEvent,
  FieldEndEvent,
  StatusEvent,
  PredictionEvent,
  PredictorRef,
} from './streaming/stream-events';
export { toSSE } from './streaming/sse';
export type { SseOptions, SseErrorEvent } from './streaming/sse';
export { emitStatus } from './context/stream-context';
export { Tool, ToolArgs, toolsFrom } from './tools/tool';
export type {
  ToolConstructor,
  ToolContext,
  ToolFunction,
  ToolOptions,
  ToolOutcome,
  ToolMethodOptions,
  ArgsClass,
  ArgsSchema,
  ObjectArgsSchema,
} from './tools/tool';
export { ReAct } from './modules/react';
export { CodeAct, codeActSignature } from './modules/code-act';
export type { CodeActOptions, CodeActCallOptions, CodeActOutputs } from './modules/code-act';
export type { ReActOptions, ReActCallOptions, ReActOutputs } from './modules/react';
export { MultiChainComparison } from './modules/multi-chain-comparison';
export type { MultiChainComparisonOptions, Attempts } from './modules/multi-chain-comparison';
export { BestOfN } from './modules/best-of-n';
export type { BestOfNOptions } from './modules/best-of-n';
export type { RewardFn } from './modules/best-of-n-rollouts';
export { Refine } from './modules/refine';
export type { RefineOptions } from './modules/refine';
export { Parallel } from './modules/parallel';
export type {
  ParallelModuleOptions,
  ParallelReport,
  ParallelResult,
  ExecPair,
  ParallelInput,
  Callable,
} from './modules/parallel';
export { Image } from './types/image';

// The optimizer contract; implementations are in @dspy-ts/optimizers.
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
} from './optimize/optimizer';

// Observability: callbacks, logging, cost, tracing options (helpers for providers and optimizers
// that report calls are in @dspy-ts/core/provider-kit).
export type { Callback, CallKind, CallStartEvent, CallEndEvent, TrialEvent } from './observability/callback';
export { currentCallId } from './observability/observe';
export type { Logger, LogLevel } from './observability/logger';
export { consoleLogger, silentLogger } from './observability/logger';
export { logger } from './observability/log';
export type { TracingOptions } from './observability/tracing-options';
export type { ModelPrice } from './observability/pricing';
export { setModelPrices, modelPrice, costOf, costOfUsage } from './observability/pricing';
