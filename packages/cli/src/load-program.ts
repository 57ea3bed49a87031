import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { Metric, Program } from '@dspy-ts/core';
import { UsageError } from './usage-error';

type AnyProgram = Program<any, any>;

/** What a program module gives the CLI. */
export interface ProgramModule {
  readonly file: string;
  readonly program: AnyProgram;
  /** Names of the input fields (from `export const inputs`, or the first predictor's signature). */
  readonly inputs: readonly string[];
  readonly metric?: Metric;
}

let tsRegistered = false;

/**
 * TypeScript modules are compiled in memory by ts-node with TypeScript's own emitter
 * (transpile-only): unlike esbuild/tsx it writes `design:type` / `design:paramtypes`
 * (emitDecoratorMetadata), which `@InputField`/`@OutputField` type inference, class-validator
 * and Inversify constructor injection read.
 */
function registerTypeScript(): void {
  if (tsRegistered) return;
  tsRegistered = true;
  const tsNode = require('ts-node') as typeof import('ts-node');
  tsNode.register({
    transpileOnly: true,
    compilerOptions: {
      module: 'commonjs',
      moduleResolution: 'node10',
      target: 'es2022',
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      useDefineForClassFields: false,
      esModuleInterop: true,
      sourceMap: true,
    },
  });
}

function isProgram(value: unknown): value is AnyProgram {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { forward?: unknown }).forward === 'function' &&
    typeof (value as { namedPredictors?: unknown }).namedPredictors === 'function'
  );
}

function isProgramClass(value: unknown): value is new () => AnyProgram {
  return typeof value === 'function' && isProgram(Object.create((value as { prototype: object }).prototype ?? null));
}

/**
 * Loads a `.js`/`.ts` module and finds its program: `export default`, `export const program`,
 * or the first exported program instance or `Program` subclass (constructed with no arguments).
 * Optional exports: `metric` (a metric function) and `inputs` (input field names).
 *
 * @example
 * const { program, inputs, metric } = loadProgram('qa.ts');
 */
export function loadProgram(file: string): ProgramModule {
  const path = resolve(file);
  if (!existsSync(path))
    throw new UsageError(
      `program module not found: ${file}. Pass the path of a .ts or .js file that exports a program.`,
    );
  const ext = extname(path);
  if (['.ts', '.mts', '.cts', '.tsx'].includes(ext)) registerTypeScript();
  let mod: Record<string, unknown>;
  try {
    mod = require(path) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`${file} could not be loaded: ${(err as Error).message.split('\n')[0]}`);
  }
  const candidates = [mod.default, mod.program, ...Object.values(mod)];
  let program: AnyProgram | undefined;
  for (const value of candidates) {
    if (isProgram(value)) program = value;
    else if (isProgramClass(value)) program = new value();
    if (program) break;
  }
  if (!program)
    throw new UsageError(
      `${file} exports no program: export an instance (\`export default new QA()\`) or a Program subclass (\`export class QA extends Program\`).`,
    );
  const named = program.namedPredictors();
  if (named.length === 0)
    throw new UsageError(`${file}: the program has no predictors, so there is nothing to run or compile.`);
  const declared = mod.inputs;
  const inputs =
    Array.isArray(declared) && declared.every((x) => typeof x === 'string')
      ? (declared as string[])
      : named[0]![1].signature.inputFields.map((f) => f.name);
  const metric = typeof mod.metric === 'function' ? (mod.metric as Metric) : undefined;
  return { file, program, inputs, metric };
}
