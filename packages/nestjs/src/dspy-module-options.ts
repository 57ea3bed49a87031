import type { ExecutionContext } from '@nestjs/common';
import type { Adapter, Callback, Embedder, LmCallLogLimits, LanguageModel, Logger, Retriever } from '@dspy-ts/core';
import type { Container } from 'inversify';

/**
 * Picks the LM for one request, or `undefined` for the default. Runs after guards, so it can
 * read `req.user` or a tenant; throw an `HttpException` (e.g. 400) to refuse the request.
 *
 * @example
 * const byHeader: LmResolver = (req) => models.get(String(req.headers['x-dspy-lm'] ?? 'default'));
 */
export type LmResolver = (
  request: any,
  context: ExecutionContext,
) => LanguageModel | undefined | Promise<LanguageModel | undefined>;

/**
 * What `DspyModule.forRoot()` (or the `forRootAsync` factory) configures. Everything is optional:
 * programs whose predictors all have their own LM need none here.
 *
 * @example
 * DspyModule.forRoot({ lm: new OllamaLM({ model: 'llama3.2' }), traceIdHeader: 'x-request-id' });
 */
export interface DspyModuleOptions {
  /** Default LM of every program resolved through the module (core's `LM` token). */
  lm?: LanguageModel;
  /** Default adapter (core's `ADAPTER` token); ChatAdapter when absent. */
  adapter?: Adapter;
  /** Bound to core's `RETRIEVER` token; `forFeature` collaborators can override it per program. */
  retriever?: Retriever;
  /** Bound to core's `EMBEDDER` token. */
  embedder?: Embedder;
  /** An existing Inversify container whose bindings programs may use (becomes the parent). */
  parent?: Container;
  /** Per-request LM selection (see `LmResolver`); applied by `DspyContextInterceptor`. */
  lmResolver?: LmResolver;
  /**
   * Request header carrying the trace id (default `x-trace-id`). A missing or malformed value gets
   * a fresh UUID; the id is echoed in the response header and tagged on the call tree.
   * `false` turns trace ids off.
   */
  traceIdHeader?: string | false;
  /**
   * Where dspy-ts logs: by default Nest's `Logger` (context `Dspy`), installed process-wide with
   * `configure({ logger })`; pass your own (pino) or `false` to leave dspy-ts's logger alone.
   */
  logger?: Logger | false;
  /** Callbacks of every program resolved through the module (core's `CALLBACKS` token). */
  callbacks?: readonly Callback[];
  /** LM health probe: deadline (default 5,000 ms) and how long a result is reused (default 10,000 ms). */
  health?: { timeoutMs?: number; cacheTtlMs?: number };
  /**
   * History limits given to `lm` and to every LM `lmResolver` picks, unless the LM set its own
   * (`maxHistory` / `maxHistoryBytes`). Default `{ maxEntries: 100, maxBytes: 1_000_000 }`: a
   * service answering thousands of requests must not keep their prompts. `false` leaves LMs alone.
   */
  history?: LmCallLogLimits | false;
}

/**
 * Module-definition switches of `forRoot` / `forRootAsync` (next to the options, decided statically).
 *
 * @example
 * DspyModule.forRootAsync({ isGlobal: false, requestContext: false, useFactory: () => ({ lm }) });
 */
export interface DspyModuleExtras {
  /** Register the module globally so `forFeature` anywhere sees it (default `true`). */
  isGlobal?: boolean;
  /** Run every request inside its own dspy settings scope via a global interceptor (default `true`). */
  requestContext?: boolean;
}
