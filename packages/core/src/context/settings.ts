import { AsyncLocalStorage } from 'node:async_hooks';
import type { Adapter } from '../adapters/adapter';
import type { LanguageModel } from '../lm/language-model';
import type { Callback } from '../observability/callback';
import type { Logger } from '../observability/logger';
import type { TracingOptions } from '../observability/tracing-options';
import { markObserved } from '../observability/observer-flag';

/** One step of a program run: which predictor ran with what inputs and what it produced. */
export interface TraceEntry {
  readonly predictor: object;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly outputs: Readonly<Record<string, unknown>>;
}

/**
 * Settings that change how programs run. Global ones come from `configure()`;
 * `withSettings()` overrides them for one async call tree only.
 */
export interface Settings {
  lm?: LanguageModel;
  adapter?: Adapter;
  /** When an array, every predictor call appends a `TraceEntry` (optimizers read it). `null` disables. */
  trace?: TraceEntry[] | null;
  /** Upper bound of `trace` length; oldest entries go first. */
  maxTraceSize?: number;
  /** Free-form labels that flow with the call tree (request ids, tenants). */
  tags?: Readonly<Record<string, string>>;
  /**
   * Observers of module, LM, adapter, tool, evaluate and compile calls. Like DSPy, scoped
   * callbacks (`withSettings`) replace the global ones for that call tree.
   */
  callbacks?: readonly Callback[];
  /** Where dspy-ts logs (pino-compatible). Default: warnings and errors to stderr. */
  logger?: Logger;
  /** OpenTelemetry span options (spans are on whenever an SDK is registered). */
  tracing?: TracingOptions;
}

const globalSettings: Settings = { maxTraceSize: 10_000 };
// Holds scoped overrides only (never merged with globals), so LM resolution can tell a
// `withSettings` LM apart from a global default.
const scoped = new AsyncLocalStorage<Settings>();

/**
 * Sets process-wide defaults. Prefer `withSettings` (scoped) or DI in servers.
 *
 * @example
 * configure({ lm: new OllamaLM({ model: 'llama3.2' }) });
 */
export function configure(settings: Settings): void {
  if (settings.callbacks?.length) markObserved();
  Object.assign(globalSettings, settings);
}

/**
 * Runs `fn` with `overrides` on top of the current settings. Safe under concurrency: each
 * async call tree sees its own values (AsyncLocalStorage), nothing global changes.
 *
 * @example
 * const answer = await withSettings({ lm: cheapLm }, () => qa.call({ question }));
 */
export function withSettings<R>(overrides: Settings, fn: () => R): R {
  if (overrides.callbacks?.length) markObserved();
  return scoped.run({ ...scoped.getStore(), ...overrides }, fn);
}

/** The settings in force here: scoped overrides over global ones. */
export function currentSettings(): Settings {
  const overrides = scoped.getStore();
  return overrides ? { ...globalSettings, ...overrides } : globalSettings;
}

/** Only what `withSettings` set in this call tree (no globals). */
export function scopedSettings(): Readonly<Settings> {
  return scoped.getStore() ?? {};
}

/** Global settings only (what `configure` set). */
export function globalSettingsSnapshot(): Readonly<Settings> {
  return globalSettings;
}

/** For tests: drop global settings back to defaults. */
export function resetSettings(): void {
  for (const key of Object.keys(globalSettings) as (keyof Settings)[]) delete globalSettings[key];
  globalSettings.maxTraceSize = 10_000;
}
