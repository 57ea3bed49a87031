// Shared by the support-service e2e specs: the real AppModule over HTTP, with test LMs bound
// through Nest's container (DSPY_LM for the default, LmSettings for per-request models).
import type { INestApplication, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  type Adapter,
  BaseLM,
  type ChatMessage,
  type LanguageModel,
  LmError,
  type LmResponse,
  type LmStreamEvent,
} from '@dspy-ts/core';
import { messageText, ZERO_USAGE } from '@dspy-ts/core/provider-kit';
import { DSPY_LM } from '@dspy-ts/nestjs';
import { DummyLM } from '@dspy-ts/testing';
import { AppModule } from '../src/app.module';
import { LmSettings } from '../src/config/lm-settings';
import { configureApp } from '../src/configure-app';

export interface TestAppOptions {
  /** The default LM (bound to DSPY_LM). */
  lm: LanguageModel;
  /** Models a request may pick with `x-dspy-lm`. */
  models?: Record<string, LanguageModel>;
  adapter?: Adapter;
  /** Nest's logger (default: none). */
  logger?: LoggerService | false;
}

export async function createSupportApp({
  lm,
  models = {},
  adapter,
  logger = false,
}: TestAppOptions): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(LmSettings)
    .useValue(new LmSettings(undefined, adapter, new Map(Object.entries(models))))
    .overrideProvider(DSPY_LM)
    .useValue(lm)
    .compile();
  const app = configureApp(moduleRef.createNestApplication({ logger }));
  await app.init();
  return app;
}

export interface BotScript {
  query?: string;
  draft?: string;
  /** The check's verdict; `false` sends the draft to `refine`. */
  answers?: boolean;
  feedback?: string;
  refined?: string;
}

/**
 * A DummyLM that answers each SupportBot predictor by what its prompt asks for (dict mode keys
 * are looked up in the last message, first match wins, so `draft_answer` comes before `answer`).
 */
export function supportLm(script: BotScript = {}): DummyLM {
  return new DummyLM({
    '`[[ ## search_query ## ]]`': { search_query: script.query ?? 'password reset link' },
    '`[[ ## answers_question ## ]]`': { answers_question: script.answers ?? true, feedback: script.feedback ?? '' },
    '[[ ## draft_answer ## ]]': { answer: script.refined ?? 'Here is a better reply.' },
    '`[[ ## answer ## ]]`': {
      answer: script.draft ?? "I'm sorry you're locked out. Use 'Forgot password' to get a reset link.",
    },
  });
}

/** The replies `supportLm` gives, as a function of the prompt (ChatAdapter format), for custom LMs. */
export function supportReply(script: BotScript = {}): (prompt: string) => string {
  const field = (name: string, value: unknown) => `[[ ## ${name} ## ]]\n${String(value)}`;
  return (prompt) => {
    if (prompt.includes('`[[ ## search_query ## ]]`'))
      return field('search_query', script.query ?? 'password reset link');
    if (prompt.includes('`[[ ## answers_question ## ]]`')) {
      return `${field('answers_question', (script.answers ?? true) ? 'True' : 'False')}\n\n${field('feedback', script.feedback ?? '')}`;
    }
    if (prompt.includes('[[ ## draft_answer ## ]]'))
      return field('answer', script.refined ?? 'Here is a better reply.');
    return field('answer', script.draft ?? "I'm sorry you're locked out. Use 'Forgot password' to get a reset link.");
  };
}

/**
 * Streams `reply`'s text in pieces of 6 characters, like a real model, optionally failing after
 * `failAfter` pieces of a reply that contains `failOn`.
 */
export class ChunkedLM extends BaseLM {
  readonly capabilities = { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: true, images: false };
  constructor(
    private readonly reply: (lastMessage: string) => string,
    private readonly fail?: { failOn: string; failAfter: number },
  ) {
    super('chunked', { cache: false, retry: false });
  }

  protected async forward(messages: readonly ChatMessage[]): Promise<LmResponse> {
    return response(this.model, this.reply(messageText(messages.at(-1)!)));
  }

  protected override async *forwardStream(messages: readonly ChatMessage[]): AsyncIterable<LmStreamEvent> {
    const text = this.reply(messageText(messages.at(-1)!));
    const pieces = text.match(/[\s\S]{1,6}/g) ?? [];
    for (const [i, piece] of pieces.entries()) {
      if (this.fail && text.includes(this.fail.failOn) && i === this.fail.failAfter)
        throw new LmError('LM_CONNECTION', 'connection reset by peer');
      await new Promise((r) => setImmediate(r));
      yield { type: 'delta', text: piece };
    }
    yield { type: 'done', response: response(this.model, text) };
  }
}

function response(model: string, text: string): LmResponse {
  return {
    model,
    usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    outputs: [{ text, finishReason: 'stop' }],
  };
}

/** Replies with whatever `reply` returns for the last message's text (raw, in no particular format). */
export class TextLM extends BaseLM {
  readonly capabilities = { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: false, images: false };
  constructor(private readonly reply: (lastMessage: string) => string) {
    super('text', { cache: false, retry: false });
  }
  protected async forward(messages: readonly ChatMessage[]): Promise<LmResponse> {
    return {
      model: this.model,
      usage: ZERO_USAGE,
      outputs: [{ text: this.reply(messageText(messages.at(-1)!)), finishReason: 'stop' }],
    };
  }
}

/** An LM whose every call fails like an unreachable server. */
export function downLm(
  code: 'LM_CONNECTION' | 'LM_RATE_LIMIT' = 'LM_CONNECTION',
  retryAfterMs?: number,
): LanguageModel {
  return {
    model: 'down',
    capabilities: { jsonSchema: false, jsonObject: false, nativeTools: false, streaming: false, images: false },
    call: async () => {
      throw new LmError(code, 'connect ECONNREFUSED 10.0.0.7:11434 (internal host)', { retryAfterMs });
    },
  };
}

/** Splits a text/event-stream body into `{ event, data }` frames. */
export function parseSse(body: string): { event: string; data: any }[] {
  return body
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      return { event, data: data === undefined ? undefined : JSON.parse(data) };
    });
}
