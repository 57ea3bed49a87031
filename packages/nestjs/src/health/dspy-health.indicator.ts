import { Inject, Injectable, Logger } from '@nestjs/common';
import { DspyError, LM, type LanguageModel, LmError, silentLogger, withSettings } from '@dspy-ts/core';
import type { Container } from 'inversify';
import type { DspyModuleOptions } from '../dspy-module-options';
import { DSPY_CONTAINER, DSPY_MODULE_OPTIONS } from '../tokens';

/** One indicator's result, in the shape `@nestjs/terminus` uses (`{ [key]: { status, ... } }`). */
export type DspyHealthResult = Record<
  string,
  { status: 'up' | 'down'; model?: string; latencyMs?: number; error?: string; message?: string }
>;

const PROBE = [{ role: 'user' as const, content: 'Reply with the single word: ok' }];

/**
 * Reports whether the configured LM answers: a one-token call with the cache off and a deadline.
 * Never throws; a failing LM is `status: 'down'` with its error code only: health endpoints are
 * usually unauthenticated, and an error's text can name hosts or echo what a server sent, so it
 * goes to the log (one line), never into the result. Concurrent checks share one
 * probe and a result is reused for `health.cacheTtlMs` (default 10 s), so a busy health endpoint
 * does not turn into LM load.
 *
 * @example
 * @Get('health') async health(@Res({ passthrough: true }) res: Response) {
 *   const lm = await this.dspyHealth.check('lm');
 *   if (lm.lm.status === 'down') res.status(503);
 *   return { status: lm.lm.status === 'up' ? 'ok' : 'error', info: lm };
 * }
 */
@Injectable()
export class DspyHealthIndicator {
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly log = new Logger('DspyHealthIndicator');
  private last?: { at: number; lm: LanguageModel | undefined; result: Promise<DspyHealthResult[string]> };

  constructor(
    @Inject(DSPY_CONTAINER) private readonly container: Container,
    @Inject(DSPY_MODULE_OPTIONS) options: DspyModuleOptions,
  ) {
    this.timeoutMs = options.health?.timeoutMs ?? 5_000;
    this.ttlMs = options.health?.cacheTtlMs ?? 10_000;
  }

  /** Probes `lm` (default: the container's `LM`) and reports under `key`. */
  async check(key = 'lm', lm?: LanguageModel): Promise<DspyHealthResult> {
    const target = lm ?? this.container.get<LanguageModel>(LM, { optional: true });
    const now = Date.now();
    let entry = this.last;
    if (!entry || entry.lm !== target || now - entry.at > this.ttlMs) {
      const fresh = { at: now, lm: target, result: this.probe(target) };
      this.last = entry = fresh;
      // A failure is shared by the checks already waiting, never reused by later ones.
      void fresh.result.then((r) => {
        if (r.status === 'down' && this.last === fresh) this.last = undefined;
      });
    }
    return { [key]: await entry.result };
  }

  private async probe(lm: LanguageModel | undefined): Promise<DspyHealthResult[string]> {
    if (!lm)
      return {
        status: 'down',
        error: 'LM_MISSING',
        message: 'No LM is configured: pass `lm` to DspyModule.forRoot().',
      };
    const started = performance.now();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Our own deadline too: a LanguageModel that is not a BaseLM may ignore `timeoutMs`.
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new LmError('LM_TIMEOUT', `${lm.model} did not answer the health probe within ${this.timeoutMs} ms.`));
      }, this.timeoutMs);
    });
    try {
      // Silent: a 1-token probe is cut off by design and must not use up the LM's truncation warning.
      const call = withSettings({ logger: silentLogger }, () =>
        lm.call(PROBE, {
          maxTokens: 1,
          temperature: 0,
          cache: false,
          timeoutMs: this.timeoutMs,
          signal: abort.signal,
        }),
      );
      await Promise.race([call, deadline]);
      return { status: 'up', model: lm.model, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      const error = DspyError.is(err) ? err.code : 'LM_ERROR';
      this.log.warn(
        `LM health probe of ${lm.model} failed: ${error}: ${String((err as Error)?.message).split('\n')[0]}`,
      );
      return { status: 'down', model: lm.model, error };
    } finally {
      clearTimeout(timer);
    }
  }
}
