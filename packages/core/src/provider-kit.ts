/**
 * `@dspy-ts/core/provider-kit`: what packages that extend dspy-ts need and applications do not —
 * LM providers (`@dspy-ts/ollama`, `@dspy-ts/openai`, `@dspy-ts/llama-cpp`), optimizers
 * (`@dspy-ts/optimizers`), retrievers, sandboxes and custom adapters. The contracts they implement
 * (`LanguageModel`, `BaseLM`, `BaseEmbedder`, `Adapter`, `BaseAdapter`, `Optimizer`, `Retriever`,
 * `Embedder`, `Sandbox`) are in the main entry point, `@dspy-ts/core`.
 *
 * Explicit export list: what is in neither this file nor `index.ts` is internal.
 *
 * @example
 * import { BaseLM, type LmResponse } from '@dspy-ts/core';
 * import { httpStatusError, parseRetryAfter, redactUrl } from '@dspy-ts/core/provider-kit';
 */

// Writing an LM provider: messages, usage, HTTP failures as LmErrors, retries, concurrency, cache keys.
export { messageText } from './lm/messages';
export { ZERO_USAGE, addUsage, isLanguageModel } from './lm/language-model';
export { recordUsage } from './context/usage-tracker';
export {
  connectionErrorCode,
  errorBodyFields,
  httpStatusError,
  isConnectFailure,
  isContextWindowMessage,
  redactUrl,
} from './lm/http-errors';
export { SecretRedactor, splitUrlCredentials } from './lm/secrets';
export { onAbort, childSignal } from './lm/on-abort';
export type { HttpFailure } from './lm/http-errors';
export { withRetry, retryDelay, backoffDelay, isRetryable, parseRetryAfter, sleep } from './lm/retry';
export { Semaphore } from './lm/concurrency';
export { cacheKey, canonicalJson } from './lm/cache/cache-key';
export { isLmFailure } from './utils/describe-error';
export { sniffImageMime } from './types/image';
export { customTypeMarker, expandCustomTypes, CUSTOM_TYPE_START, CUSTOM_TYPE_END } from './types/custom-type-parts';
export type { OpenAIContentBlock } from './types/custom-type-parts';

// Writing an optimizer: resolution of the LM/adapter in scope, predictors, parallel runs, atomic files.
export { resolveLm, resolveAdapter } from './context/resolve-lm';
export { scopedSettings } from './context/settings';
export { isPredictor } from './primitives/predictor-like';
export type { PredictorLike } from './primitives/predictor-like';
export { ParallelExecutor } from './utils/parallel-executor';
export type { ParallelOptions, ParallelProgress, ItemError } from './utils/parallel-executor';
export { writeFileAtomic } from './utils/atomic-write';
export { EXAMPLE_RESERVED_KEYS } from './primitives/example';
export { PREDICTION_RESERVED_KEYS } from './primitives/prediction';

// Writing an adapter or a signature source: field values, JSON schemas, validation, streaming parsers.
export { defaultInstructions } from './signature/signature-spec';
export { createFieldDecorator } from './decorators/register-field';
export { parseAnnotation } from './signature/string-signature';
export { inferPrefix } from './signature/infer-prefix';
export { validateInputs, validateOutputs } from './signature/validate';
export type { ValidatedInputs } from './signature/validate';
export { RESERVED_FIELD_NAMES, isReservedFieldName } from './signature/reserved-names';
export { typeName } from './signature/type-name';
export { typeJsonSchema, outputsJsonSchema, inlineSchemaRefs } from './signature/json-schema';
export type { JsonSchema } from './signature/json-schema';
export { formatFieldValue } from './adapters/value-format';
export { parseValue } from './adapters/value-parse';
export type { FieldEvent, FieldStreamParser } from './streaming/stream-events';
export { ChatFieldParser } from './streaming/chat-field-parser';
export { JsonFieldParser } from './streaming/json-field-parser';
export { XmlFieldParser } from './streaming/xml-field-parser';
export { sseFrame } from './streaming/sse';

// Module internals that tests and tool/sandbox packages build on.
export { isSandbox } from './tools/sandbox';
export { formatTrajectory, truncateTrajectory } from './modules/react-trajectory';
export type { Trajectory } from './modules/react-trajectory';
export { NativeToolCallAdapter } from './modules/react-native-tools';
export { OFFER_FEEDBACK, inspectModules } from './modules/refine-feedback';
// Python-compatible text (DSPy's prompts are made of it) and rounding, for optimizers that must send DSPy's bytes.
export { PyFloat, pyFloatRepr, pyJsonDumps } from './py/py-format';
export { pyRound } from './utils/py-round';

// Evaluation runners (e.g. @dspy-ts/bullmq's DistributedEvaluate): one row exactly as Evaluate scores it,
// the devset check, the metric's column name, the summary and Evaluate's progress bar.
export { evaluateRow } from './evaluate/evaluate-row';
export type { EvaluateRowOptions } from './evaluate/evaluate-row';
export { checkDevset, metricName } from './evaluate/evaluate';
export { summarize as summarizeRows, withSummary as withEvaluationSummary } from './evaluate/evaluation-summary';
export { ProgressBar as EvaluationProgressBar, shouldShowProgress } from './evaluate/progress';

// Reporting calls to callbacks and OpenTelemetry (retrievers, optimizers, LM providers), and logging.
export { observe, observeStream, observationActive, emitTrial } from './observability/observe';
export type { ObserveSpec } from './observability/observe';
export { ObserveCompile, ObserveRetrieve } from './observability/observe-decorators';
export { warnOnce } from './observability/log';
export { tracingEnabled, injectTraceHeaders } from './observability/tracing';
