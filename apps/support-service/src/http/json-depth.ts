import { BadRequestException } from '@nestjs/common';

/**
 * Deepest nesting a request body may have. The service's bodies are flat (`{ question }`); a
 * body nested thousands of levels deep would overflow the stack of the recursive validators
 * (class-transformer, class-validator) and turn into a 500.
 */
export const MAX_JSON_DEPTH = 32;

/** Keys that reach into prototypes; no body of this service has them, and validators skip them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Throws a 400 when `value` nests arrays/objects deeper than `maxDepth`, or has a `__proto__`,
 * `constructor` or `prototype` key anywhere (class-validator's whitelist does not see them, so
 * they would otherwise pass silently). Iterative, so a hostile body cannot overflow the stack here
 * either; stops at the first problem.
 *
 * @example
 * assertJsonDepth(JSON.parse('[[[]]]'), 2); // throws BadRequestException
 */
export function assertJsonDepth(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: `The JSON body is nested deeper than ${maxDepth} levels. Send a flat object, e.g. {"question": "..."}.`,
      });
    }
    for (const [key, child] of Object.entries(v)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: `The JSON body has a "${key}" property, which is not allowed. Send only the documented fields.`,
        });
      }
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
}
