import { AsyncLocalStorage } from 'node:async_hooks';
import { addUsage, type LmUsage, ZERO_USAGE } from '../lm/language-model';
import { costOfUsage } from '../observability/pricing';

/** Token usage per model plus the number of LM calls that were not cache hits. */
export class UsageTracker {
  private readonly byModel = new Map<string, LmUsage>();
  calls = 0;
  cacheHits = 0;

  add(model: string, usage: LmUsage, cacheHit = false): void {
    if (cacheHit) {
      this.cacheHits++;
      return;
    }
    this.calls++;
    this.byModel.set(model, addUsage(this.byModel.get(model) ?? ZERO_USAGE, usage));
  }

  /** `{ [model]: { promptTokens, completionTokens, totalTokens } }` */
  byModelName(): Record<string, LmUsage> {
    return Object.fromEntries(this.byModel);
  }

  /** USD cost from the price table (`setModelPrices`); models without a price count 0. */
  cost(): number {
    return costOfUsage(this.byModelName());
  }

  total(): LmUsage {
    let sum = ZERO_USAGE;
    for (const u of this.byModel.values()) sum = addUsage(sum, u);
    return sum;
  }
}

const trackers = new AsyncLocalStorage<readonly UsageTracker[]>();

/**
 * Runs `fn` while counting every LM call made inside it (nested trackers all count).
 *
 * @example
 * const { result, usage } = await trackUsage(() => program.call({ question }));
 */
export async function trackUsage<R>(fn: () => Promise<R>): Promise<{ result: R; usage: UsageTracker }> {
  const tracker = new UsageTracker();
  const result = await trackers.run([...(trackers.getStore() ?? []), tracker], fn);
  return { result, usage: tracker };
}

/** Called by LMs after every call: adds usage to every tracker active in this call tree. */
export function recordUsage(model: string, usage: LmUsage, cacheHit = false): void {
  for (const t of trackers.getStore() ?? []) t.add(model, usage, cacheHit);
}
