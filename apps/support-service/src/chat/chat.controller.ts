import type { ServerResponse } from 'node:http';
import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { trackUsage } from '@dspy-ts/core';
import { currentTraceId } from '@dspy-ts/nestjs';
import type { Source } from '../support-bot/support-bot.program';
import { ChatDto } from './chat.dto';
import { ConversationStore } from './conversation-store';
import { SupportChat } from './support-chat.program';

/** What `POST /chat` returns. */
export interface ChatResponse {
  readonly conversationId: string;
  readonly reply: string;
  readonly sources: readonly Source[];
  /** Turns in the conversation, this one included. */
  readonly turns: number;
  readonly lmCalls: number;
  readonly traceId?: string;
}

/**
 * `POST /chat` `{ message, conversationId? }` → `{ conversationId, reply, sources, turns, lmCalls }`.
 * The service keeps the conversation: each turn's prompt holds the earlier turns as chat messages.
 */
@Controller('chat')
export class ChatController {
  constructor(
    private readonly chat: SupportChat,
    private readonly conversations: ConversationStore,
  ) {}

  @Post()
  @HttpCode(200)
  async send(@Body() body: ChatDto, @Res({ passthrough: true }) res: ServerResponse): Promise<ChatResponse> {
    const id = body.conversationId ?? this.conversations.newId();
    const signal = abortOnClose(res);
    return this.conversations.serialize(id, async () => {
      const history = this.conversations.get(id);
      const { result, usage } = await trackUsage(() => this.chat.call({ history, message: body.message }, { signal }));
      const turns = this.conversations.append(id, { message: body.message, reply: result.reply }).length;
      const traceId = currentTraceId();
      return {
        conversationId: id,
        reply: result.reply,
        sources: result.sources,
        turns,
        lmCalls: usage.calls,
        ...(traceId ? { traceId } : {}),
      };
    });
  }
}

function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
