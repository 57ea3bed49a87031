import type { LmUsage } from '../lm/language-model';

/**
 * USD per million tokens.
 *
 * @example
 * setModelPrices({ 'my-finetune': { inputPerMillion: 0.3, outputPerMillion: 1.2 } });
 */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

// Public list prices (USD / 1M tokens) of common hosted models; local models (Ollama, llama.cpp)
// cost nothing and are simply absent. Extend or override with `setModelPrices`.
const table = new Map<string, ModelPrice>(
  Object.entries({
    'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
    'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
    'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
    'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
    'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
    'o3-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
    'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
    'claude-3-5-haiku': { inputPerMillion: 0.8, outputPerMillion: 4 },
    'claude-3-7-sonnet': { inputPerMillion: 3, outputPerMillion: 15 },
    'claude-sonnet-4': { inputPerMillion: 3, outputPerMillion: 15 },
  }),
);

/**
 * Adds or replaces prices (USD per million tokens). Keys are model names as the LM reports them;
 * a provider prefix (`openai/gpt-4o-mini`) and a dated suffix (`gpt-4o-mini-2024-07-18`) also
 * match the plain name.
 *
 * @example
 * setModelPrices({ 'my-finetune': { inputPerMillion: 0.3, outputPerMillion: 1.2 } });
 */
export function setModelPrices(prices: Readonly<Record<string, ModelPrice>>): void {
  for (const [model, price] of Object.entries(prices)) table.set(model, price);
}

/**
 * The price of `model`, or `undefined` when unknown (local models).
 *
 * @example
 * modelPrice('openai/gpt-4o-mini'); // { inputPerMillion: 0.15, outputPerMillion: 0.6 }
 * modelPrice('llama3.2'); // undefined
 */
export function modelPrice(model: string): ModelPrice | undefined {
  const exact = table.get(model);
  if (exact) return exact;
  const bare = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  if (table.has(bare)) return table.get(bare);
  // Dated snapshots: gpt-4o-mini-2024-07-18, claude-3-5-haiku-20241022.
  const undated = bare.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|latest)$/, '');
  return table.get(undated);
}

/**
 * USD cost of `usage` on `model`; `undefined` when the model has no price.
 *
 * @example
 * costOf('gpt-4o-mini', { promptTokens: 1000, completionTokens: 200, totalTokens: 1200 }); // 0.00027
 */
export function costOf(model: string, usage: LmUsage): number | undefined {
  const price = modelPrice(model);
  if (!price) return undefined;
  return (usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion) / 1e6;
}

/**
 * Summed USD cost of per-model usage (`{ [model]: usage }`); unpriced models add nothing.
 *
 * @example
 * costOfUsage({ 'gpt-4o-mini': { promptTokens: 1000, completionTokens: 200, totalTokens: 1200 } }); // 0.00027
 */
export function costOfUsage(byModel: Readonly<Record<string, LmUsage>>): number {
  let sum = 0;
  for (const [model, usage] of Object.entries(byModel)) sum += costOf(model, usage) ?? 0;
  return sum;
}
