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

export { LM, ADAPTER, RETRIEVER, EMBEDDER, OPTIMIZER, CACHE } from './di/tokens';
export { createContainer } from './di/create-container';
export type { ContainerOptions } from './di/create-container';

export type { Embedder } from './retrieval/embedder';
export type { Passage, RetrieveOptions, Retriever } from './retrieval/retriever';

// LM cache, retries, concurrency, provider helpers, BaseEmbedder (owned by the LM layer).
export * from './lm/public-api';

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
