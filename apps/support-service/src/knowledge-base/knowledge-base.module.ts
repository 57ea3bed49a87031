import { Module } from '@nestjs/common';
import { PATHS } from '../paths';
import { KnowledgeBase } from './knowledge-base';

/** The shipped help center as a Nest provider (loaded once at startup). */
@Module({
  providers: [{ provide: KnowledgeBase, useFactory: () => KnowledgeBase.fromFile(PATHS.knowledgeBase) }],
  exports: [KnowledgeBase],
})
export class KnowledgeBaseModule {}
