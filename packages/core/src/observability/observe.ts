import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { type Context, type Span, trace } from '@opentelemetry/api';
import { globalSettingsSnapshot, scopedSettings } from '../context/settings';
import {
  type Callback,
  type CallEndEvent,
  type CallKind,
  type CallStartEvent,
  hookNames,
  type TrialEvent,
} from './callback';
import { logger } from './log';
import { markObserved, observedEver } from './observer-flag';
import { contextWith, endSpan, otelContext, startSpan, tracingEnabled } from './tracing';
import type { TracingOptions } from './tracing-options';

/** The observed call this code runs inside. */
interface Frame {
  readonly callId: string;
  /** Program-level callbacks, inherited by everything the program calls. */
  readonly callbacks: readonly Callback[];
  readonly otel?: Context;
}

const frames = new AsyncLocalStorage<Frame>();
const NONE: readonly Callback[] = [];

/** What `observe` reports for one call. */
export interface ObserveSpec {
  readonly kind: CallKind;
  readonly instance: unknown;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Callbacks of this instance (a program's own): they see this call and everything under it. */
  readonly callbacks?: readonly Callback[];
  readonly isPredictor?: boolean;
}

function settingsCallbacks(): readonly Callback[] | undefined {
  // Like DSPy's settings.context: scoped callbacks replace the global ones.
  return scopedSettings().callbacks ?? globalSettingsSnapshot().callbacks;
}

function tracingOptions(): TracingOptions {
  return scopedSettings().tracing ?? globalSettingsSnapshot().tracing ?? {};
}

function invoke(callbacks: readonly Callback[], hook: keyof Callback, event: unknown): void {
  for (const cb of callbacks) {
    const fn = cb[hook] as ((e: unknown) => void) | undefined;
    if (typeof fn !== 'function') continue;
    try {
      fn.call(cb, event);
    } catch (err) {
      logger().error({ err, hook, code: 'DSPY_TS_CALLBACK' }, `A callback's ${hook} threw; the call goes on`);
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * True when a call here would be observed: callbacks in settings or `extra`, an enclosing
 * observed call, or a registered OpenTelemetry SDK. Hot paths check it before building an `ObserveSpec`.
 *
 * @example
 * if (!observationActive()) return this.forward(inputs); // nobody listens: skip building an ObserveSpec
 */
export function observationActive(extra?: readonly Callback[]): boolean {
  if (!observedEver() && !extra?.length) return tracingEnabled();
  return frames.getStore() !== undefined || !!settingsCallbacks()?.length || !!extra?.length || tracingEnabled();
}

/**
 * Runs `fn` as one observed call: start/end callbacks with a call id and the parent's id, and an
 * OpenTelemetry span when an SDK is registered. When nothing observes (no callbacks, no SDK) it
 * is a plain `fn()`. Works for sync and async `fn`.
 *
 * @example
 * return observe({ kind: 'tool', instance: this, name: this.name, inputs: args }, () => this.run(args));
 */
export function observe<R>(spec: ObserveSpec, fn: () => R): R {
  const observation = begin(spec);
  if (!observation) return fn();
  let result: R;
  try {
    result = observation.run(fn);
  } catch (err) {
    observation.finish(undefined, err);
    throw err;
  }
  if (isThenable(result)) {
    return Promise.resolve(result).then(
      (value) => {
        observation.finish(value, undefined);
        return value;
      },
      (err: unknown) => {
        observation.finish(undefined, err ?? new Error('rejected'));
        throw err;
      },
    ) as R;
  }
  observation.finish(result, undefined);
  return result;
}

/**
 * `observe` for a stream: the call starts with the first `next()` and ends when the stream ends,
 * fails or is abandoned; its outputs are the last non-undefined `outputOf(item)` (e.g. the final
 * response of an LM stream). The stream's own work runs inside the call, so nested calls nest.
 *
 * @example
 * return observeStream(spec, this.streamOnce(messages), (e) => (e.type === 'done' ? e.response : undefined));
 */
export async function* observeStream<T>(
  spec: ObserveSpec,
  source: AsyncIterable<T>,
  outputOf: (item: T) => unknown,
): AsyncGenerator<T> {
  const observation = begin(spec);
  if (!observation) {
    yield* source;
    return;
  }
  const iterator = observation.run(() => source[Symbol.asyncIterator]());
  let outputs: unknown;
  let settled = false;
  try {
    for (;;) {
      const step = await observation.run(() => iterator.next());
      if (step.done) break;
      const out = outputOf(step.value);
      if (out !== undefined) outputs = out;
      yield step.value;
    }
  } catch (err) {
    settled = true;
    observation.finish(undefined, err);
    throw err;
  } finally {
    if (!settled) {
      settled = true;
      // Ended normally, or the consumer left the loop early (then the source is closed too).
      await iterator.return?.();
      observation.finish(outputs, undefined);
    }
  }
}

interface Observation {
  run<R>(fn: () => R): R;
  finish(outputs: unknown, error: unknown): void;
}

/** Starts one observed call (start callbacks, span), or `undefined` when nothing observes. */
function begin(spec: ObserveSpec): Observation | undefined {
  const parent = frames.getStore();
  const fromSettings = settingsCallbacks();
  const tracing = tracingEnabled();
  if (!parent && !fromSettings?.length && !spec.callbacks?.length && !tracing) return undefined;
  if (spec.callbacks?.length) markObserved();

  const inherited = parent?.callbacks ?? NONE;
  const scopeCallbacks = spec.callbacks?.length ? inherited.concat(spec.callbacks) : inherited;
  const callbacks = fromSettings?.length ? fromSettings.concat(scopeCallbacks) : scopeCallbacks;
  const callId = randomUUID();
  const [startHook, endHook] = hookNames(spec.kind);
  const base = { callId, parentCallId: parent?.callId, kind: spec.kind, instance: spec.instance, name: spec.name };
  if (callbacks.length) invoke(callbacks, startHook, { ...base, inputs: spec.inputs } satisfies CallStartEvent);

  const options = tracing ? tracingOptions() : {};
  let span: Span | undefined;
  let otel = parent?.otel;
  if (tracing) {
    // A span the user (or an HTTP framework) made active inside our call wins over our own frame.
    const active = otelContext.active();
    const parentCtx = trace.getSpan(active) ? active : parent?.otel;
    span = startSpan(
      { kind: spec.kind, name: spec.name, inputs: spec.inputs, isPredictor: spec.isPredictor },
      parentCtx,
      options,
    );
    otel = contextWith(span, parentCtx);
  }
  const started = performance.now();
  const frame: Frame = { callId, callbacks: scopeCallbacks, otel };
  return {
    run: (fn) => frames.run(frame, () => (otel && span ? otelContext.with(otel, fn) : fn())),
    finish: (outputs, error) => {
      if (span) {
        try {
          endSpan(span, spec.kind, outputs, error, options, spec.kind === 'lm' ? spec.name : undefined);
        } catch (err) {
          logger().error({ err, code: 'DSPY_TS_TRACING' }, 'Ending an OpenTelemetry span failed');
        }
      }
      if (callbacks.length) {
        const end: CallEndEvent = { ...base, outputs, error, durationMs: performance.now() - started };
        invoke(callbacks, endHook, end);
      }
    },
  };
}

/**
 * The id of the observed call running here (module, LM, tool...), for log correlation;
 * `undefined` when nothing observes.
 *
 * @example
 * logger.info({ dspyCallId: currentCallId() }, 'retrieved passages');
 */
export function currentCallId(): string | undefined {
  return frames.getStore()?.callId;
}

/**
 * Reports one scored candidate to every `onTrial` hook in force (optimizers call it).
 *
 * @example
 * emitTrial({ optimizer: 'MyOptimizer', trial: i, score, bestScore });
 */
export function emitTrial(event: Omit<TrialEvent, 'parentCallId'>): void {
  const parent = frames.getStore();
  const callbacks = (settingsCallbacks() ?? NONE).concat(parent?.callbacks ?? NONE);
  if (callbacks.length) invoke(callbacks, 'onTrial', { ...event, parentCallId: parent?.callId });
}
