import { type ArgumentMetadata, BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { assertJsonDepth } from './json-depth';

/** Refuses a too-deeply nested body (400) before the recursive validators see it. */
class DepthCheckedValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') assertJsonDepth(value);
    return super.transform(value, metadata);
  }
}

/**
 * Body validation with class-validator: bodies nested deeper than `MAX_JSON_DEPTH` refused first,
 * unknown properties rejected, and a 400 that lists the messages per field, e.g.
 * `{ "errors": { "question": ["question should not be empty"] } }`.
 *
 * @example
 * app.useGlobalPipes(createValidationPipe());
 */
export function createValidationPipe(): ValidationPipe {
  return new DepthCheckedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) =>
      new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        errors: fieldErrors(errors),
      }),
  });
}

function fieldErrors(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) out[path] = Object.values(e.constraints);
    Object.assign(out, fieldErrors(e.children ?? [], path));
  }
  return out;
}
