import type { LanguageModel, LmCallOptions, LmOutput } from '../lm/language-model';
import type { ChatMessage } from '../lm/messages';
import type { FieldSpec } from '../signature/field-spec';
import type { SignatureSpec } from '../signature/signature-spec';
import type { Example } from '../primitives/example';

/**
 * A demonstration: field values keyed by name (inputs and outputs), as a plain object or an
 * `Example`; may carry `augmented: true`.
 */
export type Demo = Readonly<Record<string, unknown>> | Example<any>;

export interface AdapterCallArgs {
  readonly lm: LanguageModel;
  readonly options: LmCallOptions;
  readonly signature: SignatureSpec<any, any>;
  readonly demos: readonly Demo[];
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** One parsed completion: output values keyed by field name, typed and validated. */
export type ParsedOutputs = Record<string, unknown>;

/**
 * Turns a signature + demos + inputs into chat messages and parses replies back into typed outputs.
 * `format`, `formatSystemMessage` and `parse` are pure: no LM call, so users can see the exact prompt.
 *
 * @example
 * const messages = new ChatAdapter().format(signature('question -> answer'), [], { question: 'Why?' });
 */
export interface Adapter {
  /** Class-like name used in errors and history, e.g. `ChatAdapter`. */
  readonly name: string;
  formatSystemMessage(signature: SignatureSpec<any, any>): string;
  format(
    signature: SignatureSpec<any, any>,
    demos: readonly Demo[],
    inputs: Readonly<Record<string, unknown>>,
  ): ChatMessage[];
  /** Parse one completion's text; throws `AdapterParseError` (keeping the raw text) when it cannot. */
  parse(signature: SignatureSpec<any, any>, completion: string): ParsedOutputs;
  /** Renders field values as this adapter would write them in an assistant turn (used by DummyLM). */
  formatFieldsWithValues(fields: readonly { field: FieldSpec; value: unknown }[], role?: 'user' | 'assistant'): string;
  /** Full pipeline: format, call the LM, parse and validate every completion (with fallbacks where the adapter has them). */
  call(args: AdapterCallArgs): Promise<AdapterCallResult>;
}

export interface AdapterCallResult {
  readonly completions: ParsedOutputs[];
  /** Raw outputs as the LM returned them (for history, native tool calls and streaming). */
  readonly raw: readonly LmOutput[];
}
