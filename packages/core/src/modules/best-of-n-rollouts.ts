import { resolveLm } from '../context/resolve-lm';
import { currentSettings, type TraceEntry, withSettings } from '../context/settings';
import type { LanguageModel, LmCallOptions } from '../lm/language-model';
import type { Program } from '../primitives/program';
import { describeError } from '../utils/describe-error';
import { logger } from '../observability/log';

/** Scores one attempt: the program's inputs and its prediction in, a number out (higher is better). */
export type RewardFn<I = Record<string, unknown>, P = any> = (inputs: I, prediction: P) => number | Promise<number>;

/**
 * The LM attempts are sampled from: the module's own (all its predictors must share one), else
 * the one in scope (DSPy: `module.get_lm() or settings.lm`).
 *
 * @example
 * const lm = baseLmOf(program, 'BestOfN');
 */
export function baseLmOf(module: Program<any, any>, who: string): LanguageModel {
  return module.getLm() ?? resolveLm(undefined, who);
}

/**
 * DSPy starts rollout ids at the LM's own `rollout_id` (default 0).
 *
 * @example
 * firstRolloutId(lm.copy({ rolloutId: 5 })); // 5
 */
export function firstRolloutId(lm: LanguageModel): number {
  const own = (lm as { callDefaults?: LmCallOptions }).callDefaults?.rolloutId;
  return typeof own === 'number' ? own : 0;
}

/**
 * DSPy's `lm.copy(rollout_id=id, temperature=1.0)`: a fresh sample per attempt that bypasses
 * cached replies. LMs without `copy()` are wrapped; call options still win, as with copies.
 *
 * @example
 * const sampler = rolloutLm(lm, 3); // calls carry { rolloutId: 3, temperature: 1 } unless the call sets them
 */
export function rolloutLm(lm: LanguageModel, rolloutId: number): LanguageModel {
  const overrides: LmCallOptions = { rolloutId, temperature: 1.0 };
  const copy = (lm as { copy?: (o: LmCallOptions) => LanguageModel }).copy;
  if (typeof copy === 'function') return copy.call(lm, overrides);
  return {
    model: lm.model,
    capabilities: lm.capabilities,
    call: (messages, options) => lm.call(messages, { ...overrides, ...options }),
    ...(lm.stream ? { stream: (messages, options) => lm.stream!(messages, { ...overrides, ...options }) } : {}),
  } as LanguageModel;
}

/**
 * Runs `attempt` with a fresh trace; returns its result, its trace (copied before `after`, so
 * the reward function's own LM calls are left out, as in DSPy) and whatever `after` returns.
 *
 * @example
 * const { result, trace, extra: reward } = await withFreshTrace(() => mod.call(inputs), (p) => rewardFn(inputs, p));
 */
export async function withFreshTrace<R, A>(
  attempt: () => Promise<R>,
  after: (result: R) => Promise<A> | A,
): Promise<{ result: R; trace: TraceEntry[]; extra: A }> {
  const trace: TraceEntry[] = [];
  return withSettings({ trace }, async () => {
    const result = await attempt();
    const copied = [...trace];
    return { result, trace: copied, extra: await after(result) };
  });
}

/**
 * Adds the winning attempt's steps to the caller's trace (when it keeps one), within its size limit.
 *
 * @example
 * extendTrace(best.trace);
 */
export function extendTrace(entries: readonly TraceEntry[]): void {
  const { trace, maxTraceSize = 10_000 } = currentSettings();
  if (!Array.isArray(trace) || maxTraceSize <= 0) return;
  trace.push(...entries);
  if (trace.length > maxTraceSize) trace.splice(0, trace.length - maxTraceSize);
}

/**
 * DSPy's failure budget: attempt `idx` (0-based) that fails rethrows once `idx` exceeds the
 * remaining budget, else the budget shrinks by one. With the default budget N, the last of N
 * failing attempts rethrows. Unlike DSPy the budget is per call, not spent across calls.
 *
 * @example
 * const budget = new FailureBudget(N, 'BestOfN');
 * try { ... } catch (err) { budget.fail(idx, rolloutId, err); }
 */
export class FailureBudget {
  constructor(
    private left: number,
    private readonly who: string,
  ) {}

  /** Rethrows `err` when the budget is spent; otherwise warns and lets the next attempt run. */
  fail(idx: number, rolloutId: number, err: unknown): void {
    logger().warn(
      { code: 'DSPY_TS_ROLLOUT', attempt: idx + 1, rolloutId },
      `${this.who}: Attempt ${idx + 1} failed with rollout id ${rolloutId}: ${describeError(err)}`,
    );
    if (idx > this.left) throw err;
    this.left--;
  }
}
