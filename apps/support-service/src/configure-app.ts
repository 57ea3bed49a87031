import type { INestApplication } from '@nestjs/common';
import { createValidationPipe } from './http/validation.pipe';

/** What `main.ts` and the e2e tests both apply to the app, so tests run the real HTTP path. */
export function configureApp<A extends INestApplication>(app: A): A {
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  return app;
}
