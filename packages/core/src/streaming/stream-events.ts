/**
 * The events `streamify` yields. Field events come from an incremental parse of the LM's reply
 * (per adapter format); the final `prediction` always comes from the normal full parse, so
 * streaming never changes results.
 */

/** Which predictor call an event belongs to. */
export interface PredictorRef {
  /** The predictor's `namedPredictors()` path (`generate.predict`, `self` for a bare predictor). */
  readonly predictor: string;
  /**
   * 1, 2, ... per predictor call within one stream: tells repeated or parallel calls of the same
   * predictor apart (a loop calling `generate` three times gives three call ids).
   */
  readonly callId: number;
}

/** A raw text delta of the LM reply (adapter markup included). */
export interface TokenEvent extends PredictorRef {
  readonly type: 'token';
  readonly text: string;
}

/** An output field began in the reply. */
export interface FieldStartEvent extends PredictorRef {
  readonly type: 'field-start';
  readonly field: string;
}

/** More text of an output field; the chunks of one field concatenate to its text value. */
export interface FieldChunkEvent extends PredictorRef {
  readonly type: 'field-chunk';
  readonly field: string;
  readonly text: string;
}

/**
 * An output field is complete. `value` is the field's text (ChatAdapter) or JSON value
 * (JSONAdapter) parsed to the field's type, left out when it does not parse yet; the typed,
 * validated value is in the final prediction.
 */
export interface FieldEndEvent extends PredictorRef {
  readonly type: 'field-end';
  readonly field: string;
  readonly value?: unknown;
}

/** A progress message: from `emitStatus()`, a `statusMessages` hook, or an adapter retry. */
export interface StatusEvent {
  readonly type: 'status';
  readonly message: string;
}

/** The program's result; always the last event of a stream that did not fail. */
export interface PredictionEvent<O = unknown> {
  readonly type: 'prediction';
  readonly prediction: O;
}

/**
 * One event of a `streamify` stream.
 *
 * @example
 * for await (const ev of stream({ question })) {
 *   if (ev.type === 'field-chunk' && ev.field === 'answer') process.stdout.write(ev.text);
 *   if (ev.type === 'prediction') console.log(ev.prediction.answer);
 * }
 */
export type StreamEvent<O = unknown> =
  | TokenEvent
  | FieldStartEvent
  | FieldChunkEvent
  | FieldEndEvent
  | StatusEvent
  | PredictionEvent<O>;

/**
 * A field event before the predictor is attached (what the incremental parsers produce).
 *
 * @example
 * const events: FieldEvent[] = [];
 * new JsonFieldParser(spec, (e) => events.push(e)).push('{"answer": "Pa');
 */
export type FieldEvent =
  | { readonly type: 'field-start'; readonly field: string }
  | { readonly type: 'field-chunk'; readonly field: string; readonly text: string }
  | { readonly type: 'field-end'; readonly field: string; readonly value?: unknown };

/**
 * An incremental parser of one LM reply: `push` each delta as it arrives, `end` once the reply is
 * complete. Emits field events for the signature's output fields only.
 *
 * @example
 * const parser = new ChatFieldParser(spec, (e) => events.push(e));
 * parser.push('[[ ## ans'); parser.push('wer ## ]]\nParis'); parser.end();
 */
export interface FieldStreamParser {
  push(text: string): void;
  end(): void;
}
