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
