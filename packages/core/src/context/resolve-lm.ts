import type { Adapter } from '../adapters/adapter';
import { DspyError } from '../errors/dspy-error';
import type { LanguageModel } from '../lm/language-model';
import { currentProgramScope } from './program-scope';
import { globalSettingsSnapshot, scopedSettings } from './settings';

/**
 * LM resolution order: the predictor's own LM, then a `withSettings` override in this call tree,
 * then the LM injected into the enclosing `@Module`, then `configure()`.
 * A scoped override beats the injected one so a request can swap the model of a
 * container-resolved program without touching the container.
 */
export function resolveLm(own: LanguageModel | undefined, who: string): LanguageModel {
  const lm = own ?? scopedSettings().lm ?? currentProgramScope().lm ?? globalSettingsSnapshot().lm;
  if (lm) return lm;
  throw new DspyError(
    'LM_MISSING',
    `No language model is configured for ${who}. Provide one in any of these ways: ` +
      '`configure({ lm })` once at start-up; `withSettings({ lm }, () => program.call(...))` for one call tree; ' +
      'bind it in the container (`createContainer({ lm })`) and resolve the program from it; or `predictor.lm = lm` / `program.setLm(lm)`.',
  );
}

/** Same order for adapters; `undefined` means the default ChatAdapter. */
export function resolveAdapter(own: Adapter | undefined): Adapter | undefined {
  return own ?? scopedSettings().adapter ?? currentProgramScope().adapter ?? globalSettingsSnapshot().adapter;
}
