import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/**
 * Body validation with class-validator: unknown properties rejected, and a 400 that lists the
 * messages per field, e.g. `{ "errors": { "question": ["question should not be empty"] } }`.
 *
 * @example
 * app.useGlobalPipes(createValidationPipe());
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
