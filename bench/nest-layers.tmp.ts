import 'reflect-metadata';
import { Body, Controller, Module, Post, HttpCode, Injectable, NestInterceptor, ExecutionContext, CallHandler } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { Agent, request } from 'node:http';
import { DspyModule } from '@dspy-ts/nestjs';
import { AskDto } from '../apps/support-service/src/ask/ask.dto';
@Injectable() class Noop implements NestInterceptor { intercept(_c: ExecutionContext, next: CallHandler) { return next.handle(); } }
@Controller('ask') class C { @Post() @HttpCode(200) ask(@Body() b: AskDto) { return { answer: 'x'.repeat(120), q: b.question }; } }
@Module({ controllers: [C] }) class Bare {}
@Module({ controllers: [C], providers: [{ provide: APP_INTERCEPTOR, useClass: Noop }] }) class WithNoop {}
@Module({ imports: [DspyModule.forRoot({})], controllers: [C] }) class WithCtx {}
@Module({ imports: [DspyModule.forRoot({ traceIdHeader: false })], controllers: [C] }) class WithCtxNoTrace {}
const BODY = JSON.stringify({ question: 'Where is my order? It has been a week.' });
function post(agent: Agent, port: number): Promise<void> { return new Promise((res, rej) => { const r = request({ host: '127.0.0.1', port, path: '/ask', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) } }, (x) => { x.resume(); x.on('end', () => res()); }); r.on('error', rej); r.end(BODY); }); }
async function med(port: number, n = 3000) { const agent = new Agent({ keepAlive: true, maxSockets: 1 }); const t: number[] = []; for (let i = 0; i < n; i++) { const s = process.hrtime.bigint(); await post(agent, port); t.push(Number(process.hrtime.bigint() - s) / 1e3); } agent.destroy(); t.sort((a, b) => a - b); return t[t.length >> 1]!.toFixed(0); }
(async () => {
  const apps: [string, any][] = [['bare', Bare], ['noop interceptor', WithNoop], ['dspy ctx', WithCtx], ['dspy ctx no trace', WithCtxNoTrace]];
  const started = [] as [string, number, any][];
  for (const [name, mod] of apps) { const app = await NestFactory.create(mod, { logger: false }); await app.listen(0, '127.0.0.1'); started.push([name, app.getHttpServer().address().port, app]); await med(app.getHttpServer().address().port, 1000); }
  const res: Record<string, string[]> = {};
  for (let r = 0; r < 3; r++) for (const [name, port] of started) (res[name] ??= []).push(await med(port));
  for (const [k, v] of Object.entries(res)) console.log(k.padEnd(20), v.join(' / '));
  for (const [, , app] of started) await app.close();
})();
