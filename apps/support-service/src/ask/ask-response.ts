import type { LmUsage, UsageTracker } from '@dspy-ts/core';
import type { Source, SupportAnswer } from '../support-bot/support-bot.program';

/** LM cost of one answer: calls that reached a model, tokens in total and per model. */
export interface UsageReport extends LmUsage {
  readonly lmCalls: number;
  readonly cacheHits: number;
  readonly byModel: Record<string, LmUsage>;
}

/**
 * What `POST /ask` returns (and the `done` event of `/ask/stream` carries).
 *
 * @example
 * { "answer": "I'm sorry you were charged twice ...", "sources": [{ "id": "billing-03", ... }],
 *   "refined": false, "usage": { "lmCalls": 3, "totalTokens": 1234, ... }, "traceId": "..." }
 */
export interface AskResponse {
  readonly answer: string;
  readonly sources: readonly Source[];
  readonly refined: boolean;
  readonly usage: UsageReport;
  readonly traceId?: string;
}

export function toAskResponse(result: SupportAnswer, usage: UsageTracker, traceId: string | undefined): AskResponse {
  const total = usage.total();
  return {
    answer: result.answer,
    sources: result.sources,
    refined: result.refined,
    usage: { lmCalls: usage.calls, cacheHits: usage.cacheHits, ...total, byModel: usage.byModelName() },
    ...(traceId ? { traceId } : {}),
  };
}
