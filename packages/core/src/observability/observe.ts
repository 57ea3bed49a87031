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
  const parent = frames.getStore();
  const fromSettings = settingsCallbacks();
  const tracing = tracingEnabled();
  if (!parent && !fromSettings?.length && !spec.callbacks?.length && !tracing) return fn();
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
  const finish = (outputs: unknown, error: unknown): void => {
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
  };
  const frame: Frame = { callId, callbacks: scopeCallbacks, otel };
  let result: R;
  try {
    result = frames.run(frame, () => (otel && span ? otelContext.with(otel, fn) : fn()));
  } catch (err) {
    finish(undefined, err);
    throw err;
  }
  if (isThenable(result)) {
    return Promise.resolve(result).then(
      (value) => {
        finish(value, undefined);
        return value;
      },
      (err: unknown) => {
        finish(undefined, err ?? new Error('rejected'));
        throw err;
      },
    ) as R;
  }
  finish(result, undefined);
  return result;
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
