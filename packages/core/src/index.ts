// Explicit export list: what is not here is internal.
export { DspyError, AdapterParseError, LmError } from './errors/dspy-error';
export type { ErrorCode } from './errors/error-codes';
export { ERROR_CODES } from './errors/error-codes';

export type { TypeRef } from './signature/type-ref';
export { T } from './signature/type-ref';
export type { FieldSpec, FieldRole } from './signature/field-spec';
export { SignatureSpec, defaultInstructions } from './signature/signature-spec';
export type { SignatureState } from './signature/signature-spec';

export type { ChatMessage, ChatRole, ContentPart, ToolCall, ToolDefinition } from './lm/messages';
export { messageText } from './lm/messages';
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
export { ZERO_USAGE, addUsage, isLanguageModel } from './lm/language-model';
export { BaseLM } from './lm/base-lm';
export type { BaseLMOptions } from './lm/base-lm';
export { History, formatHistory } from './lm/history';
export type { HistoryEntry } from './lm/history';

export type { Adapter, AdapterCallArgs, AdapterCallResult, Demo, ParsedOutputs } from './adapters/adapter';

export { configure, withSettings, currentSettings, resetSettings } from './context/settings';
export type { Settings, TraceEntry } from './context/settings';
export { UsageTracker, trackUsage, recordUsage } from './context/usage-tracker';
export { scopedSettings } from './context/settings';
export { resolveLm, resolveAdapter } from './context/resolve-lm';

export { Program } from './primitives/program';
export type { CallOptions } from './primitives/program';
export { isPredictor } from './primitives/predictor-like';
export type { PredictorLike } from './primitives/predictor-like';
export { Module } from './decorators/module.decorator';
export type { ModuleOptions } from './metadata/module-metadata';
export { getModuleOptions } from './metadata/module-metadata';

export { Predict } from './modules/predict';
export type { PredictCallOptions } from './modules/predict';
export { ChainOfThought } from './modules/chain-of-thought';
export type { SignatureLike, SignatureClass, InputsOf, OutputsOf } from './modules/signature-types';

export { LM, ADAPTER, RETRIEVER, EMBEDDER, OPTIMIZER, CACHE, CALLBACKS } from './di/tokens';
export { createContainer } from './di/create-container';
export type { ContainerOptions } from './di/create-container';

export type { Embedder } from './retrieval/embedder';
export type { Passage, RetrieveOptions, Retriever } from './retrieval/retriever';

// LM cache, retries, concurrency, provider helpers, BaseEmbedder (owned by the LM layer).
export { LmCache, configureCache, defaultLmCache } from './lm/cache/lm-cache';
export type { LmCacheOptions } from './lm/cache/lm-cache';
export { DiskCache, defaultCacheDir } from './lm/cache/disk-cache';
export type { DiskCacheOptions } from './lm/cache/disk-cache';
export { cacheKey, canonicalJson } from './lm/cache/cache-key';
export { withRetry, retryDelay, backoffDelay, isRetryable, parseRetryAfter, sleep } from './lm/retry';
export type { RetryOptions } from './lm/retry';
export { Semaphore } from './lm/concurrency';
export { connectionErrorCode, httpStatusError, isContextWindowMessage, redactUrl } from './lm/http-errors';
export type { HttpFailure } from './lm/http-errors';
export { BaseEmbedder } from './lm/base-embedder';
export type { BaseEmbedderOptions, EmbedBatchResult, EmbedOptions } from './lm/base-embedder';

export { Signature } from './decorators/signature.decorator';
export { InputField } from './decorators/input-field.decorator';
export { OutputField } from './decorators/output-field.decorator';
export { createFieldDecorator } from './decorators/register-field';
export type { FieldOptions, SignatureClassOptions, TypeThunk, TypeSource, EnumLike } from './metadata/field-options';
export { METADATA_KEYS } from './metadata/metadata-keys';
export { signature, parseAnnotation } from './signature/string-signature';
export type { StringSignatureOptions } from './signature/string-signature';
export { getSignature, isSignatureClass } from './signature/signature-of';
export { inferPrefix } from './signature/infer-prefix';
export { inputField, outputField } from './signature/field-factory';
export type { FieldFactoryOptions } from './signature/field-factory';
export { validateInputs, validateOutputs } from './signature/validate';
export type { ValidatedInputs } from './signature/validate';
export { RESERVED_FIELD_NAMES, isReservedFieldName } from './signature/reserved-names';
export type { StringSignatureInputs, StringSignatureOutputs } from './signature/static-types';

export { ChatAdapter } from './adapters/chat-adapter';
export { JSONAdapter } from './adapters/json-adapter';
export { Example } from './primitives/example';
export { Prediction } from './primitives/prediction';
export { EXAMPLE_RESERVED_KEYS } from './primitives/example';
export type { ExampleConstructor } from './primitives/example';
export { Completions, PREDICTION_RESERVED_KEYS } from './primitives/prediction';
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
export { ParallelExecutor } from './utils/parallel-executor';
export type { ParallelOptions, ParallelProgress, ItemError } from './utils/parallel-executor';
export { SeededRandom } from './utils/seeded-random';
export { isLmFailure } from './utils/describe-error';
export { BaseAdapter } from './adapters/base-adapter';
export type { UserMessageOptions } from './adapters/base-adapter';
export type { ChatAdapterOptions } from './adapters/chat-adapter';
export type { JSONAdapterOptions } from './adapters/json-adapter';
export { ConversationHistory, HISTORY_TYPE } from './adapters/conversation-history';
export { typeName } from './signature/type-name';
export { typeJsonSchema, outputsJsonSchema, inlineSchemaRefs } from './signature/json-schema';
export type { JsonSchema } from './signature/json-schema';
export { formatFieldValue } from './adapters/value-format';
export { parseValue } from './adapters/value-parse';
export { ProgramOfThought } from './modules/program-of-thought';
export type { ProgramOfThoughtOptions } from './modules/program-of-thought';
export { isSandbox } from './tools/sandbox';
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
  FieldEvent,
  FieldStreamParser,
} from './streaming/stream-events';
export { ChatFieldParser } from './streaming/chat-field-parser';
export { JsonFieldParser } from './streaming/json-field-parser';
export { toSSE, sseFrame } from './streaming/sse';
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
export type { ReActOptions, ReActCallOptions, ReActOutputs } from './modules/react';
export { formatTrajectory, truncateTrajectory } from './modules/react-trajectory';
export type { Trajectory } from './modules/react-trajectory';
export { NativeToolCallAdapter } from './modules/react-native-tools';
export { MultiChainComparison } from './modules/multi-chain-comparison';
export type { MultiChainComparisonOptions, Attempts } from './modules/multi-chain-comparison';
export { BestOfN } from './modules/best-of-n';
export type { BestOfNOptions } from './modules/best-of-n';
export type { RewardFn } from './modules/best-of-n-rollouts';
export { Refine } from './modules/refine';
export type { RefineOptions } from './modules/refine';
export { OFFER_FEEDBACK } from './modules/refine-feedback';
export { Parallel } from './modules/parallel';
export type {
  ParallelModuleOptions,
  ParallelReport,
  ParallelResult,
  ExecPair,
  ParallelInput,
  Callable,
} from './modules/parallel';
export { writeFileAtomic } from './utils/atomic-write';
export { Image, sniffImageMime } from './types/image';
export { customTypeMarker, expandCustomTypes, CUSTOM_TYPE_START, CUSTOM_TYPE_END } from './types/custom-type-parts';
export type { OpenAIContentBlock } from './types/custom-type-parts';

// Observability: callbacks, OpenTelemetry spans, logging, cost.
export type { Callback, CallKind, CallStartEvent, CallEndEvent, TrialEvent } from './observability/callback';
export { observe, observeStream, observationActive, currentCallId, emitTrial } from './observability/observe';
export type { ObserveSpec } from './observability/observe';
export { ObserveCompile, ObserveRetrieve } from './observability/observe-decorators';
export type { Logger, LogLevel } from './observability/logger';
export { consoleLogger, silentLogger } from './observability/logger';
export { logger, warnOnce } from './observability/log';
export type { TracingOptions } from './observability/tracing-options';
export { tracingEnabled, injectTraceHeaders } from './observability/tracing';
export type { ModelPrice } from './observability/pricing';
export { setModelPrices, modelPrice, costOf, costOfUsage } from './observability/pricing';
