import type * as CliProgress from 'cli-progress';
import type * as ClassTransformer from 'class-transformer';
import type * as ClassValidator from 'class-validator';
import type * as Inversify from 'inversify';

/*
 * Heavy dependencies, loaded on first use so that importing @dspy-ts/core stays fast (class-validator
 * alone takes longer to load than all of core): a string-signature `Predict` never loads them.
 * class-validator/class-transformer load when a class signature, a nested class or a tool argument
 * class is validated; inversify when `@Module()` is applied or a container is created; cli-progress
 * when `Evaluate` draws a bar. Users' own `import { IsInt } from 'class-validator'` gets the same
 * module instance (one metadata storage). The one place that knows how these are loaded.
 */
let classValidatorModule: typeof ClassValidator | undefined;
let classTransformerModule: typeof ClassTransformer | undefined;
let inversifyModule: typeof Inversify | undefined;
let cliProgressModule: typeof CliProgress | undefined;

export function classValidator(): typeof ClassValidator {
  return (classValidatorModule ??= require('class-validator') as typeof ClassValidator);
}

export function classTransformer(): typeof ClassTransformer {
  return (classTransformerModule ??= require('class-transformer') as typeof ClassTransformer);
}

export function inversify(): typeof Inversify {
  return (inversifyModule ??= require('inversify') as typeof Inversify);
}

export function cliProgress(): typeof CliProgress {
  return (cliProgressModule ??= require('cli-progress') as typeof CliProgress);
}
