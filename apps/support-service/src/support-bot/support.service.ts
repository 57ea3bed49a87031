import { Injectable } from '@nestjs/common';
import { type StreamingProgram, streamify, trackUsage } from '@dspy-ts/core';
import { currentTraceId } from '@dspy-ts/nestjs';
import { type AskResponse, toAskResponse } from '../ask/ask-response';
import { SupportBot, type SupportAnswer } from './support-bot.program';

/** What `/ask/stream` sends, in order: status lines, answer chunks, then `done` (or `error`). */
export type AskStreamEvent =
  | { readonly event: 'status'; readonly data: { readonly message: string } }
  /** `step` says which reply the text belongs to: a `refine` chunk starts a replacement for the draft. */
  | { readonly event: 'answer'; readonly data: { readonly step: 'draft' | 'refine'; readonly text: string } }
  | { readonly event: 'done'; readonly data: AskResponse };

const STATUS: Record<string, string> = {
  understand: 'Reading your question…',
  draft: 'Writing a reply…',
  check: 'Checking the reply answers your question…',
  refine: 'Improving the reply…',
};

/**
 * Answers questions with the `SupportBot` program (a Nest singleton with its compiled state),
 * counting LM usage per request.
 *
 * @example
 * const { answer, sources, usage } = await support.ask('Where is my parcel?');
 */
@Injectable()
export class SupportService {
  private readonly streaming: StreamingProgram<SupportBot>;

  constructor(readonly bot: SupportBot) {
    this.streaming = streamify(bot, {
      predictors: ['draft', 'refine'],
      fields: ['answer'],
      includeTokens: false,
      statusMessages: { predictorStart: (name) => STATUS[name] },
    });
  }

  async ask(question: string, signal?: AbortSignal): Promise<AskResponse> {
    const { result, usage } = await trackUsage(() => this.bot.call({ question }, { signal }));
    return toAskResponse(result, usage, currentTraceId());
  }

  /** The answer as it is generated. Leaving the loop early stops the LM calls in flight. */
  async *stream(question: string, signal?: AbortSignal): AsyncGenerator<AskStreamEvent> {
    const iterator = this.streaming({ question }, { signal })[Symbol.asyncIterator]();
    // The program starts on the first next(): starting it inside trackUsage counts every LM call
    // it makes afterwards too (the tracker travels with the program's async context).
    const { result: first, usage } = await trackUsage(() => iterator.next());
    try {
      for (let step = first; !step.done; step = await iterator.next()) {
        const ev = step.value;
        if (ev.type === 'prediction')
          yield { event: 'done', data: toAskResponse(ev.prediction, usage, currentTraceId()) };
        else if (ev.type === 'status') yield { event: 'status', data: { message: ev.message } };
        else if (ev.type === 'field-chunk' && ev.field === 'answer') {
          yield { event: 'answer', data: { step: ev.predictor === 'refine' ? 'refine' : 'draft', text: ev.text } };
        }
      }
    } finally {
      await iterator.return?.(undefined);
    }
  }
}
