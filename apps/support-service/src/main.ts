import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';

/**
 * Starts the support service on `PORT` (default 3000) and `HOST` (default 0.0.0.0).
 * Model: the embedded one (`DSPY_TS_MODEL` or scripts/fetch-model); `OLLAMA_HOST` switches to Ollama.
 */
async function bootstrap(): Promise<void> {
  const app = configureApp(await NestFactory.create(AppModule));
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port, process.env.HOST ?? '0.0.0.0');
  Logger.log(`support-service listening on ${await app.getUrl()}`, 'Bootstrap');
}

bootstrap().catch((err: unknown) => {
  // Startup failures (a missing compiled file, a bad model path) get one readable line, not a stack.
  console.error(`support-service failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
