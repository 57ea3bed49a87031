import type { LmCallLogLimits, LanguageModel } from '@dspy-ts/core';

/**
 * History limits for an LM inside a long-running service: the last 100 calls, at most 1 MB of
 * prompts and replies (core's defaults, 10,000 calls / 64 MiB, suit scripts and notebooks, where
 * `inspectHistory` after a run is the point, not a server answering thousands of requests).
 *
 * @example
 * DspyModule.forRoot({ lm, history: { maxEntries: 20 } });
 */
export const SERVICE_HISTORY_LIMITS: Required<LmCallLogLimits> = Object.freeze({
  maxEntries: 100,
  maxBytes: 1_000_000,
});

interface LimitedHistory {
  readonly explicit?: boolean;
  setLimits(limits: LmCallLogLimits): void;
}

const applied = new WeakSet<object>();

/**
 * Gives `lm` the service's history limits unless its own were set explicitly (`maxHistory` /
 * `maxHistoryBytes` on the LM win). LMs without a bounded `History` are left alone.
 *
 * @example
 * applyServiceHistoryLimits(lm, { maxEntries: 100 }); // unless the LM set maxHistory itself
 */
export function applyServiceHistoryLimits(
  lm: LanguageModel | undefined,
  limits: LmCallLogLimits | false | undefined,
): void {
  if (!lm || limits === false || applied.has(lm)) return;
  applied.add(lm);
  const history = (lm as { history?: Partial<LimitedHistory> }).history;
  if (!history || typeof history.setLimits !== 'function' || history.explicit === true) return;
  history.setLimits({ ...SERVICE_HISTORY_LIMITS, ...limits });
}
