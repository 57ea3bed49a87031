import {
  type Attributes,
  context,
  type Context,
  propagation,
  ProxyTracerProvider,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { LmCallOptions, LmResponse } from '../lm/language-model';
import type { ChatMessage } from '../lm/messages';
import type { CallKind } from './callback';
import { costOf } from './pricing';
import type { TracingOptions } from './tracing-options';

const TRACER_NAME = '@dspy-ts/core';
// The API's own no-op provider: while the global proxy still delegates to it, no SDK is registered.
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();
// Where @opentelemetry/api 1.x registers its globals. Read directly because this check runs on
// every call: `trace.getTracerProvider()` re-checks API version compatibility each time.
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

/**
 * True when an OpenTelemetry SDK is registered (spans would be recorded).
 *
 * @example
 * if (tracingEnabled()) headers = injectTraceHeaders(headers); // adds `traceparent` only when spans are recorded
 */
export function tracingEnabled(): boolean {
  const provider = (globalThis as Record<symbol, { trace?: ProxyTracerProvider } | undefined>)[OTEL_GLOBAL]?.trace;
  if (!provider) return false;
  return typeof provider.getDelegate !== 'function' || provider.getDelegate() !== NOOP_PROVIDER;
}

export interface SpanStart {
  readonly kind: CallKind;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly isPredictor?: boolean;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function json(value: unknown, max: number): string {
  try {
    return truncate(JSON.stringify(value) ?? '', max);
  } catch {
    return '[unserializable]';
  }
}

function spanName(start: SpanStart): string {
  switch (start.kind) {
    case 'lm':
      return `chat ${start.name}`;
    case 'tool':
      return `execute_tool ${start.name}`;
    case 'module':
      return `${start.isPredictor ? 'dspy.predict' : 'dspy.module'} ${start.name}`;
    case 'adapterFormat':
      return `dspy.adapter.format ${start.name}`;
    case 'adapterParse':
      return `dspy.adapter.parse ${start.name}`;
    default:
      return `dspy.${start.kind} ${start.name}`;
  }
}

function startAttributes(start: SpanStart, options: TracingOptions): Attributes {
  const attrs: Attributes = { 'dspy.call.kind': start.kind, 'dspy.name': start.name };
  const max = options.maxContentLength ?? 8_000;
  if (start.kind === 'lm') {
    const { options: o, provider } = start.inputs as { options?: LmCallOptions; provider?: string };
    attrs['gen_ai.operation.name'] = 'chat';
    attrs['gen_ai.request.model'] = start.name;
    if (provider) attrs['gen_ai.provider.name'] = provider.toLowerCase();
    if (o?.temperature !== undefined) attrs['gen_ai.request.temperature'] = o.temperature;
    if (o?.maxTokens !== undefined) attrs['gen_ai.request.max_tokens'] = o.maxTokens;
    if (o?.topP !== undefined) attrs['gen_ai.request.top_p'] = o.topP;
    if (o?.n !== undefined && o.n !== 1) attrs['gen_ai.request.choice.count'] = o.n;
    if (o?.stop?.length) attrs['gen_ai.request.stop_sequences'] = [...o.stop];
    if (options.recordContent) {
      const messages = (start.inputs as { messages?: readonly ChatMessage[] }).messages ?? [];
      attrs['gen_ai.input.messages'] = json(messages, max);
    }
  } else if (start.kind === 'tool') {
    attrs['gen_ai.operation.name'] = 'execute_tool';
    attrs['gen_ai.tool.name'] = start.name;
    if (options.recordContent) attrs['gen_ai.tool.call.arguments'] = json(start.inputs, max);
  } else if (options.recordContent && (start.kind === 'module' || start.kind === 'retrieve')) {
    attrs['dspy.inputs'] = json(start.inputs, max);
  }
  return attrs;
}

/** Starts a span as a child of `parent` (our enclosing span, or the active OpenTelemetry context). */
export function startSpan(start: SpanStart, parent: Context | undefined, options: TracingOptions): Span {
  const tracer = trace.getTracer(TRACER_NAME);
  return tracer.startSpan(
    spanName(start),
    { kind: start.kind === 'lm' ? SpanKind.CLIENT : SpanKind.INTERNAL, attributes: startAttributes(start, options) },
    parent ?? context.active(),
  );
}

/** Sets the result attributes (usage, finish reasons, cost, optionally outputs) and ends the span. */
export function endSpan(
  span: Span,
  kind: CallKind,
  outputs: unknown,
  error: unknown,
  options: TracingOptions,
  model?: string,
): void {
  const max = options.maxContentLength ?? 8_000;
  if (error !== undefined) {
    const err = error instanceof Error ? error : new Error(String(error));
    span.recordException(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
    const code = (error as { code?: unknown }).code;
    span.setAttribute('error.type', typeof code === 'string' ? code : err.name);
  } else if (kind === 'lm' && outputs) {
    const response = outputs as LmResponse;
    span.setAttribute('gen_ai.response.model', response.model);
    span.setAttribute('gen_ai.usage.input_tokens', response.usage.promptTokens);
    span.setAttribute('gen_ai.usage.output_tokens', response.usage.completionTokens);
    span.setAttribute(
      'gen_ai.response.finish_reasons',
      response.outputs.map((o) => o.finishReason ?? 'unknown'),
    );
    if (response.cacheHit) span.setAttribute('dspy.cache_hit', true);
    const cost = costOf(model ?? response.model, response.usage);
    if (cost !== undefined) span.setAttribute('dspy.cost.usd', cost);
    if (options.recordContent) {
      span.setAttribute(
        'gen_ai.output.messages',
        json(
          response.outputs.map((o) => ({ role: 'assistant', content: o.text, finish_reason: o.finishReason })),
          max,
        ),
      );
    }
  } else if (options.recordContent && outputs !== undefined && kind !== 'adapterFormat') {
    span.setAttribute(kind === 'tool' ? 'gen_ai.tool.call.result' : 'dspy.outputs', json(outputs, max));
  }
  span.end();
}

/** The OpenTelemetry context with `span` active, so spans made inside (HTTP clients, user code) nest under it. */
export function contextWith(span: Span, parent: Context | undefined): Context {
  return trace.setSpan(parent ?? context.active(), span);
}

export { context as otelContext };

/**
 * Adds the W3C trace headers (`traceparent`, `tracestate`) of the active span to `headers` so an
 * LM server or proxy that traces joins the caller's trace. Providers call it per request; it does
 * nothing unless an OpenTelemetry SDK (and propagator) is registered.
 *
 * @example
 * const headers = { 'content-type': 'application/json' };
 * injectTraceHeaders(headers);
 */
export function injectTraceHeaders(headers: Record<string, string>): Record<string, string> {
  if (tracingEnabled()) propagation.inject(context.active(), headers);
  return headers;
}
