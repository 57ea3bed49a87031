import { BadRequestException } from '@nestjs/common';

/**
 * Deepest nesting a request body may have. The service's bodies are flat (`{ question }`); a
 * body nested thousands of levels deep would overflow the stack of the recursive validators
 * (class-transformer, class-validator) and turn into a 500.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Throws a 400 when `value` nests arrays/objects deeper than `maxDepth`. Iterative, so a
 * hostile body cannot overflow the stack here either; stops at the first level too deep.
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
    for (const child of Object.values(v))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}
