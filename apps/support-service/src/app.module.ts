import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { RETRIEVER } from '@dspy-ts/core';
import { DspyExceptionFilter, DspyModule } from '@dspy-ts/nestjs';
import { AskController } from './ask/ask.controller';
import { ChatController } from './chat/chat.controller';
import { ConversationStore } from './chat/conversation-store';
import { SupportChat } from './chat/support-chat.program';
import { LmSettings } from './config/lm-settings';
import { LmSettingsModule } from './config/lm-settings.module';
import { HealthController } from './health/health.controller';
import { KnowledgeBase } from './knowledge-base/knowledge-base';
import { KnowledgeBaseModule } from './knowledge-base/knowledge-base.module';
import { PATHS } from './paths';
import { SupportBot } from './support-bot/support-bot.program';
import { SupportService } from './support-bot/support.service';

/**
 * The support service: the LM and adapter from the environment (`LmSettings`), the per-request
 * model (`x-dspy-lm`) and trace id (`x-trace-id`), and `SupportBot` with the knowledge base as its
 * retriever and its compiled state loaded at startup; `SupportChat` (`POST /chat`) keeps conversations.
 */
@Module({
  imports: [
    DspyModule.forRootAsync({
      imports: [LmSettingsModule],
      inject: [LmSettings],
      useFactory: (settings: LmSettings) => ({
        lm: settings.lm,
        adapter: settings.adapter,
        lmResolver: (req) => settings.forRequest(req),
        traceIdHeader: 'x-trace-id',
        health: { timeoutMs: 30_000, cacheTtlMs: 15_000 },
      }),
    }),
    DspyModule.forFeature([SupportBot], {
      imports: [KnowledgeBaseModule],
      collaborators: [{ provide: RETRIEVER, useExisting: KnowledgeBase }],
      compiledStatePath: PATHS.compiledBot,
    }),
    DspyModule.forFeature([SupportChat], {
      imports: [KnowledgeBaseModule],
      collaborators: [{ provide: RETRIEVER, useExisting: KnowledgeBase }],
    }),
  ],
  controllers: [AskController, ChatController, HealthController],
  providers: [
    SupportService,
    { provide: ConversationStore, useFactory: () => new ConversationStore() },
    { provide: APP_FILTER, useClass: DspyExceptionFilter },
  ],
})
export class AppModule {}
