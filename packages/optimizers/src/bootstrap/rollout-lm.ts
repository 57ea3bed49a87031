import {
  type ChatMessage,
  type LanguageModel,
  type LmCallOptions,
  type LmCapabilities,
  type LmResponse,
  type LmStreamEvent,
} from '@dspy-ts/core';
import { resolveLm } from '@dspy-ts/core/provider-kit';

/** What a bootstrap round forces on every teacher LM call. */
export interface RolloutOverrides {
  readonly rolloutId: number | string;
  readonly temperature: number;
}

/**
 * The teacher's LM for bootstrap rounds after the first (DSPy's `lm.copy(rollout_id=round, temperature=1.0)`).
 *
 * Why a wrapper rather than `lm.copy()` or `withSettings({ lm })`: it is set on each teacher
 * predictor, so it applies whichever way the LM reaches the predictor (its own `lm`, the
 * `@Module`-injected one, `withSettings`, `configure`) and to any `LanguageModel`, not only
 * `BaseLM`. The wrapped LM is resolved at call time when the predictor had none. The rollout id
 * and temperature go over the predictor's own config (so a `temperature: 0` predictor still
 * samples) and reach `BaseLM.call`, where the rollout id is part of the cache key: a new round
 * misses the cache, and the same round of a later run hits it again.
 *
 * @example
 * predictor.lm = new RolloutLM(predictor.lm, { rolloutId: 1, temperature: 1 });
 */
export class RolloutLM implements LanguageModel {
  constructor(
    private readonly inner: LanguageModel | undefined,
    readonly overrides: RolloutOverrides,
  ) {}

  get model(): string {
    return this.target().model;
  }

  get capabilities(): LmCapabilities {
    return this.target().capabilities;
  }

  call(messages: readonly ChatMessage[], options: LmCallOptions = {}): Promise<LmResponse> {
    return this.target().call(messages, { ...options, ...this.overrides });
  }

  stream(messages: readonly ChatMessage[], options: LmCallOptions = {}): AsyncIterable<LmStreamEvent> {
    const lm = this.target();
    const merged = { ...options, ...this.overrides };
    if (lm.stream) return lm.stream(messages, merged);
    return (async function* () {
      const response = await lm.call(messages, merged);
      if (response.outputs[0]?.text) yield { type: 'delta', text: response.outputs[0].text } as const;
      yield { type: 'done', response } as const;
    })();
  }

  private target(): LanguageModel {
    return this.inner ?? resolveLm(undefined, 'the bootstrap teacher');
  }
}
