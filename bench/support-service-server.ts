/**
 * Child process of support-service-load.ts: the real AppModule (validation pipe, interceptor,
 * exception filter, compiled SupportBot, BM25 knowledge base) with a zero-latency fake LM.
 * Measures the program and the service method in process first, then listens on 127.0.0.1 and
 * prints one JSON line: { port, direct }.
 */
import 'reflect-metadata';
import { createServer } from 'node:http';
import { Test } from '@nestjs/testing';
import { DSPY_LM } from '@dspy-ts/nestjs';
import { AppModule } from '../apps/support-service/src/app.module';
import { LmSettings } from '../apps/support-service/src/config/lm-settings';
import { configureApp } from '../apps/support-service/src/configure-app';
import { SupportBot } from '../apps/support-service/src/support-bot/support-bot.program';
import { SupportService } from '../apps/support-service/src/support-bot/support.service';
import { FakeSupportLM } from './support-service-fake-lm';
import { timeSequential } from './lm-stats';
import { summarize as summarizeLatency } from './lm-stats';

const DIRECT_CALLS = Number(process.env.DIRECT_CALLS ?? 3000);
const QUESTION = 'Where is my order? It has been a week.';

async function main(): Promise<void> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(LmSettings)
    .useValue(new LmSettings(undefined, undefined))
    .overrideProvider(DSPY_LM)
    .useValue(new FakeSupportLM())
    .compile();
  const app = configureApp(moduleRef.createNestApplication({ logger: ['error'] }));
  await app.init();

  const bot = app.get(SupportBot);
  const service = app.get(SupportService);
  const warm = Math.ceil(DIRECT_CALLS / 10);
  await timeSequential(warm, () => bot.call({ question: QUESTION }));
  await timeSequential(warm, () => service.ask(QUESTION));
  // Interleaved halves so drift on the shared machine hits both alike.
  const program: bigint[] = [];
  const viaService: bigint[] = [];
  for (let round = 0; round < 2; round++) {
    program.push(...(await timeSequential(DIRECT_CALLS / 2, () => bot.call({ question: QUESTION }))));
    viaService.push(...(await timeSequential(DIRECT_CALLS / 2, () => service.ask(QUESTION))));
  }
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const floorPort = await httpFloor();
  process.stdout.write(
    `${JSON.stringify({ port, floorPort, direct: { program: summarizeLatency(program), service: summarizeLatency(viaService) } })}\n`,
  );
}

/** The HTTP floor: bare node:http that reads the JSON body and answers a fixed JSON, same process. */
function httpFloor(): Promise<number> {
  const body = JSON.stringify({ answer: 'x'.repeat(120), sources: [], refined: false });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
