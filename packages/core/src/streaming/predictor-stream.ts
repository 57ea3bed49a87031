import type { AdapterCallResult, AdapterStream, AdapterStreamRequest } from '../adapters/adapter';
import { currentStreamSink, type StreamSink } from '../context/stream-context';
import { LmError } from '../errors/dspy-error';
import type { LmCallOptions, LmResponse } from '../lm/language-model';
import type { FieldEvent, FieldStreamParser } from './stream-events';

/** What `Predict` tells the stream about one of its calls. */
export interface PredictorCall {
  readonly predictor: object;
  /** The name used when the predictor is not in the streamed program's tree. */
  readonly label: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly config: LmCallOptions;
}

/**
 * Runs one predictor's adapter call. Outside `streamify` it is just `run(config)`. Under it, the
 * stream's abort signal joins the LM options, status hooks fire, and a selected predictor gets a
 * `PredictorStream` to pass to its adapter call (`AdapterCallArgs.stream`).
 */
export async function withPredictorStream(
  call: PredictorCall,
  run: (config: LmCallOptions, stream?: AdapterStream) => Promise<AdapterCallResult>,
): Promise<AdapterCallResult> {
  const sink = currentStreamSink();
  if (!sink) return run(call.config);
  const signal = call.config.signal ? AbortSignal.any([call.config.signal, sink.signal]) : sink.signal;
  const config = { ...call.config, signal };
  const { name, streamed } = sink.describe(call.predictor, call.label);
  status(sink, sink.statusMessages?.predictorStart?.(name, call.inputs));
  const stream = streamed ? new PredictorStream(sink, name, sink.nextCallId()) : undefined;
  const result = await run(config, stream);
  const first = result.completions[0];
  if (first) status(sink, sink.statusMessages?.predictorEnd?.(name, first));
  return result;
}

function status(sink: StreamSink, message: string | undefined): void {
  if (message) sink.emit({ type: 'status', message });
}

/** One streamed predictor call: feeds each LM attempt's deltas to tokens and the adapter's field parser. */
class PredictorStream implements AdapterStream {
  private attempts = 0;
  emitted = false;

  constructor(
    private readonly sink: StreamSink,
    private readonly name: string,
    private readonly callId: number,
  ) {}

  async complete({ adapter, signature, lm, messages, options }: AdapterStreamRequest): Promise<LmResponse> {
    // A second attempt in one call is an adapter fallback (ChatAdapter → JSONAdapter): the
    // consumer should know the fields it saw are being written again.
    if (++this.attempts > 1)
      status(this.sink, `${this.name}: the reply could not be parsed; retrying with ${adapter.name}.`);
    const parser = adapter.createStreamParser?.(signature, (e) => this.field(e));
    if (!lm.stream) {
      const response = await lm.call(messages, options);
      this.delta(response.outputs[0]?.text ?? '', parser);
      parser?.end();
      return response;
    }
    let response: LmResponse | undefined;
    for await (const event of lm.stream(messages, options)) {
      if (event.type === 'done') response = event.response;
      else this.delta(event.text, parser);
    }
    if (!response)
      throw new LmError(
        'LM_ERROR',
        `The stream of ${lm.model} ended without a final response. Retry; if it persists, the LM's stream() implementation must end with a 'done' event.`,
      );
    parser?.end();
    return response;
  }

  private delta(text: string, parser: FieldStreamParser | undefined): void {
    if (!text) return;
    if (this.sink.includeTokens) {
      this.emitted = true;
      this.sink.emit({ type: 'token', predictor: this.name, callId: this.callId, text });
    }
    parser?.push(text);
  }

  private field(event: FieldEvent): void {
    if (this.sink.fields && !this.sink.fields.has(event.field)) return;
    this.emitted = true;
    this.sink.emit({ ...event, predictor: this.name, callId: this.callId });
  }
}
