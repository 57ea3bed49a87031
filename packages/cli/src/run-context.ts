import { type Callback, costOfUsage, type LanguageModel, type LmUsage, withSettings } from '@dspy-ts/core';

/** Counts LM calls and per-model usage for progress and cost, as a callback (no global state). */
export class LmCounter implements Callback {
  calls = 0;
  readonly byModel: Record<string, LmUsage> = {};

  onLmEnd(event: { outputs?: unknown; name: string }): void {
    const response = event.outputs as { usage?: LmUsage; cacheHit?: boolean; model?: string } | undefined;
    if (!response?.usage || response.cacheHit) return;
    this.calls++;
    const key = event.name;
    const prev = this.byModel[key] ?? { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    this.byModel[key] = {
      promptTokens: prev.promptTokens + response.usage.promptTokens,
      completionTokens: prev.completionTokens + response.usage.completionTokens,
      totalTokens: prev.totalTokens + response.usage.totalTokens,
    };
  }

  get tokens(): number {
    return Object.values(this.byModel).reduce((s, u) => s + u.totalTokens, 0);
  }

  get costUsd(): number {
    return costOfUsage(this.byModel);
  }
}

/** Runs `fn` with the chosen LM and the CLI's callbacks in scope. */
export function runWith<R>(lm: LanguageModel, callbacks: readonly Callback[], fn: () => Promise<R>): Promise<R> {
  return withSettings({ lm, callbacks }, fn);
}

/** Aborts on the first Ctrl-C (the run stops cleanly); a second one exits at once. */
export function interruptible(): { signal: AbortSignal; interrupted: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  let count = 0;
  const onSigint = () => {
    count++;
    if (count > 1) process.exit(130);
    controller.abort(new Error('Interrupted (Ctrl-C)'));
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return {
    signal: controller.signal,
    interrupted: () => count > 0,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    },
  };
}

export function formatUsd(usd: number): string {
  return usd === 0 ? '$0' : usd < 0.01 ? `$${usd.toFixed(5)}` : `$${usd.toFixed(2)}`;
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
