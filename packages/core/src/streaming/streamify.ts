import { runWithStreamSink, type StreamSink } from '../context/stream-context';
import { DspyError } from '../errors/dspy-error';
import type { PredictorLike } from '../primitives/predictor-like';
import type { Program, ProgramCallOptions, ProgramInputs, ProgramOutput } from '../primitives/program';
import { EventQueue } from './event-queue';
import type { StreamEvent } from './stream-events';
import type { StreamifyOptions } from './stream-options';

/**
 * A streamified program: call it like `program.call`, iterate the events.
 *
 * @example
 * const stream: StreamingProgram<QA> = streamify(qa);
 * for await (const ev of stream({ question }, { signal: req.signal })) send(ev);
 */
export type StreamingProgram<P> = (
  inputs: ProgramInputs<P>,
  options?: ProgramCallOptions<P>,
) => AsyncGenerator<StreamEvent<ProgramOutput<P>>, void, undefined>;

/**
 * Wraps a program so each call yields its progress as events: `token` deltas and per-field
 * `field-start` / `field-chunk` / `field-end` of every streamed predictor (ChatAdapter and
 * JSONAdapter formats), `status` messages, and finally the `prediction` (from the normal full
 * parse, so streaming never changes the result). Works for any program shape: nested modules,
 * ChainOfThought, loops, parallel sub-calls (events carry the predictor's path and a call id).
 * Each call has its own event sink (AsyncLocalStorage), so concurrent calls never mix events
 * and the wrapper can be reused forever. Leaving the loop early aborts the LM calls in flight.
 * LMs without `stream()` still work: their reply is parsed as one delta.
 *
 * @example
 * const stream = streamify(new ChainOfThought('question -> answer'));
 * for await (const ev of stream({ question: 'Why is the sky blue?' })) {
 *   if (ev.type === 'field-chunk' && ev.field === 'answer') res.write(ev.text);
 *   if (ev.type === 'prediction') console.log(ev.prediction.reasoning);
 * }
 */
export function streamify<P extends Program<any, any>>(
  program: P,
  options: StreamifyOptions = {},
): StreamingProgram<P> {
  selectPredictors(program, options.predictors); // fail on a misspelt name now, not at the first request
  return (inputs, callOptions) => runStream(program, options, inputs, callOptions);
}

async function* runStream<P extends Program<any, any>>(
  program: P,
  options: StreamifyOptions,
  inputs: ProgramInputs<P>,
  callOptions: ProgramCallOptions<P> | undefined,
): AsyncGenerator<StreamEvent<ProgramOutput<P>>, void, undefined> {
  // Names are read per call: optimizers and users may swap predictors between calls.
  const names = new Map<object, string>(program.namedPredictors().map(([name, p]) => [p, name]));
  const selected = selectPredictors(program, options.predictors);
  const queue = new EventQueue<StreamEvent<ProgramOutput<P>>>();
  const controller = new AbortController();
  const userSignal = (callOptions as { signal?: AbortSignal } | undefined)?.signal;
  const onUserAbort = () => controller.abort(userSignal!.reason);
  if (userSignal?.aborted) controller.abort(userSignal.reason);
  else userSignal?.addEventListener('abort', onUserAbort, { once: true });
  let callIds = 0;
  const sink: StreamSink = {
    signal: controller.signal,
    includeTokens: options.includeTokens ?? true,
    fields: options.fields ? new Set(options.fields) : undefined,
    statusMessages: options.statusMessages,
    // Sinks carry program-internal events; only this function adds the typed `prediction`.
    emit: (event) => queue.push(event as StreamEvent<ProgramOutput<P>>),
    describe: (predictor, fallback) => ({
      name: names.get(predictor) ?? fallback,
      streamed: selected ? selected.has(predictor) : true,
    }),
    nextCallId: () => ++callIds,
  };
  const result = runWithStreamSink(sink, () => program.call(inputs, callOptions));
  result.then(
    (prediction) => queue.end({ type: 'prediction', prediction }),
    (error: unknown) => queue.fail(error),
  );
  try {
    for await (const event of queue) yield event;
  } finally {
    // The consumer left before the program finished: stop its LM calls (their rejection is absorbed by `fail`).
    if (!queue.settled) controller.abort(new DOMException('The stream consumer stopped reading.', 'AbortError'));
    queue.close();
    userSignal?.removeEventListener('abort', onUserAbort);
  }
}

/** The predictors `wanted` names (all when `undefined`); unknown names throw listing the real ones. */
function selectPredictors(program: Program<any, any>, wanted: StreamifyOptions['predictors']): Set<object> | undefined {
  if (!wanted) return undefined;
  const named = program.namedPredictors();
  const byName = new Map<string, PredictorLike>(named);
  const unknown = wanted.filter((w): w is string => typeof w === 'string' && !byName.has(w));
  if (unknown.length) {
    throw new DspyError(
      'CONFIG_INVALID',
      `streamify: ${program.constructor.name} has no predictor named ${unknown.map((n) => `'${n}'`).join(', ')}. ` +
        `Its predictors are: ${named.map(([n]) => `'${n}'`).join(', ') || 'none'} (see program.namedPredictors()).`,
    );
  }
  return new Set(wanted.map((w) => (typeof w === 'string' ? byName.get(w)! : w)));
}
