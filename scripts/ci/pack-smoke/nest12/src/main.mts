// Nest 12 is ESM-only: an ESM app; @dspy-ts/nestjs (CommonJS) loads Nest through require(esm) (Node ≥ 20.19).
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { inject } from 'inversify';
import {
  ChainOfThought,
  configureCache,
  Module as DspyProgram,
  Program,
  RETRIEVER,
  type Retriever,
} from '@dspy-ts/core';
import { DspyModule } from '@dspy-ts/nestjs';
import { DummyLM } from '@dspy-ts/testing';

// better-sqlite3's build is not allowed in this project (allowScripts): memory cache only.
configureCache({ disk: false });

@DspyProgram({ description: 'Answers from the knowledge base' })
class SupportBot extends Program<{ question: string }> {
  readonly answer = new ChainOfThought('context: list[str], question -> answer');
  constructor(@inject(RETRIEVER) private readonly kb: Retriever) {
    super();
  }
  async forward({ question }: { question: string }) {
    const passages = await this.kb.retrieve(question, { k: 1 });
    return this.answer.call({ context: passages.map((p) => p.text), question });
  }
}

const kb: Retriever = { retrieve: async () => [{ id: '1', text: 'Refunds take 5 days.', score: 1 }] };

@Module({
  imports: [
    DspyModule.forRoot({ lm: new DummyLM([{ reasoning: 'From the passage.', answer: '5 days' }]) }),
    DspyModule.forFeature([SupportBot], { collaborators: [{ provide: RETRIEVER, useValue: kb }] }),
  ],
})
class AppModule {}

const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
const bot = app.get(SupportBot);
const p = await bot.call({ question: 'How long do refunds take?' });
await app.close();
if (p.answer !== '5 days') throw new Error(`unexpected answer ${String(p.answer)}`);
const nestCore = new URL('../node_modules/@nestjs/core/package.json', import.meta.url);
const { version } = JSON.parse(readFileSync(nestCore, 'utf8')) as { version: string };
console.log(`nest ${version} ok: ${String(p.answer)}`);
