import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RETRIEVER } from '@dspy-ts/core';
import { DspyModule } from '@dspy-ts/nestjs';
import { DummyLM } from '@dspy-ts/testing';
import { kb, SupportBot } from './program';

@Module({
  imports: [
    DspyModule.forRoot({ lm: new DummyLM([{ reasoning: 'From the passage.', answer: '5 days' }]) }),
    DspyModule.forFeature([SupportBot], { collaborators: [{ provide: RETRIEVER, useValue: kb }] }),
  ],
})
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  const bot = app.get(SupportBot);
  const p = await bot.call({ question: 'How long do refunds take?' });
  await app.close();
  if (p.answer !== '5 days') throw new Error(`unexpected answer ${String(p.answer)}`);
  console.log(`nest 11 ok: ${String(p.answer)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
