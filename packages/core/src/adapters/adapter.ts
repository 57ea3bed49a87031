import type { LanguageModel, LmCallOptions, LmOutput, LmResponse } from '../lm/language-model';
import type { ChatMessage } from '../lm/messages';
import type { FieldSpec } from '../signature/field-spec';
import type { SignatureSpec } from '../signature/signature-spec';
import type { Example } from '../primitives/example';
import type { FieldEvent, FieldStreamParser } from '../streaming/stream-events';

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
  /**
   * Set when the call is streamed (`streamify`): the adapter gets the LM response from it instead
   * of `lm.call`, handing over itself so the stream can parse the reply with `createStreamParser`.
   * Adapters that wrap another adapter pass it on unchanged.
   */
  readonly stream?: AdapterStream;
}

/**
 * One streamed LM request of an adapter: `BaseAdapter` calls `stream.complete(...)` with its
 * messages and options and receives the final response once the reply has streamed.
 *
 * @example
 * const response = args.stream
 *   ? await args.stream.complete({ adapter: this, signature, lm, messages, options })
 *   : await lm.call(messages, options);
 */
export interface AdapterStream {
  /** True once a token or field event of this predictor call reached the consumer. */
  readonly emitted?: boolean;
  complete(request: AdapterStreamRequest): Promise<LmResponse>;
}

/** What an adapter hands to `AdapterStream.complete`. */
export interface AdapterStreamRequest {
  /** The adapter whose format the reply is in (its `createStreamParser`, when it has one, parses the deltas). */
  readonly adapter: Adapter;
  readonly signature: SignatureSpec<any, any>;
  readonly lm: LanguageModel;
  readonly messages: readonly ChatMessage[];
  readonly options: LmCallOptions;
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
  /**
   * An incremental parser of this adapter's reply format, for `streamify`'s field events. Without
   * it a streamed reply yields `token` events only (the final prediction is parsed as usual).
   */
  createStreamParser?(signature: SignatureSpec<any, any>, emit: (event: FieldEvent) => void): FieldStreamParser;
}

export interface AdapterCallResult {
  readonly completions: ParsedOutputs[];
  /** Raw outputs as the LM returned them (for history, native tool calls and streaming). */
  readonly raw: readonly LmOutput[];
}
