import type { InjectionToken, ModuleMetadata } from '@nestjs/common';
import { DspyError, getModuleOptions, Program } from '@dspy-ts/core';
import type { ServiceIdentifier } from 'inversify';

/** A `@Module()` program class (constructor arguments come from the container). */
export type ProgramClass<P extends Program<any, any> = Program<any, any>> = new (...args: any[]) => P;

/**
 * One program with its own compiled-state file, when programs of one `forFeature` differ.
 *
 * @example
 * DspyModule.forFeature([{ program: SupportBot, compiledStatePath: 'compiled/support-bot.json' }, Triage]);
 */
export interface ProgramFeature {
  program: ProgramClass;
  compiledStatePath?: string;
  /** A missing file is a warning instead of a startup failure (a mismatched file still fails). */
  optional?: boolean;
}

/**
 * Feeds an Inversify token of the programs from Nest: `useExisting` takes a Nest provider
 * (resolved by Nest's injector, so it may depend on anything Nest knows), `useValue` a constant.
 *
 * @example
 * { provide: RETRIEVER, useExisting: KnowledgeBase }
 */
export type Collaborator =
  | { provide: ServiceIdentifier; useExisting: InjectionToken }
  | { provide: ServiceIdentifier; useValue: unknown };

/**
 * Options of `DspyModule.forFeature(programs, options)`.
 *
 * @example
 * DspyModule.forFeature([SupportBot], {
 *   imports: [KnowledgeBaseModule],
 *   collaborators: [{ provide: RETRIEVER, useExisting: KnowledgeBase }],
 *   compiledStatePath: 'compiled/support-bot.json',
 * });
 */
export interface DspyFeatureOptions {
  /** The state file (a path relative to the working directory) or, for several programs, a function of the class. */
  compiledStatePath?: string | ((program: ProgramClass) => string | undefined);
  /** Default of `ProgramFeature.optional`. */
  optional?: boolean;
  collaborators?: readonly Collaborator[];
  /** Modules the `useExisting` providers come from (and, when the root module is not global, that module). */
  imports?: ModuleMetadata['imports'];
}

/** A program with its own settings decided. */
export interface ResolvedFeature {
  readonly program: ProgramClass;
  readonly compiledStatePath?: string;
  readonly optional: boolean;
}

/** Checks `forFeature` arguments when the module is declared, so mistakes surface with the class name. */
export function resolveFeatures(
  programs: readonly (ProgramClass | ProgramFeature)[],
  options: DspyFeatureOptions,
): ResolvedFeature[] {
  if (!Array.isArray(programs) || programs.length === 0) {
    throw new DspyError(
      'CONFIG_INVALID',
      'DspyModule.forFeature() needs a non-empty array of @Module() program classes, e.g. forFeature([SupportBot]).',
    );
  }
  const { compiledStatePath } = options;
  if (typeof compiledStatePath === 'string' && programs.length > 1) {
    throw new DspyError(
      'CONFIG_INVALID',
      `DspyModule.forFeature() got one compiledStatePath for ${programs.length} programs. Give each its own: ` +
        'forFeature([{ program: A, compiledStatePath: "a.json" }, B]) or compiledStatePath: (cls) => `compiled/${cls.name}.json`.',
    );
  }
  return programs.map((entry) => {
    const feature: ProgramFeature = typeof entry === 'function' ? { program: entry } : entry;
    assertProgramClass(feature?.program);
    const path =
      feature.compiledStatePath ??
      (typeof compiledStatePath === 'function' ? compiledStatePath(feature.program) : compiledStatePath);
    return {
      program: feature.program,
      compiledStatePath: path,
      optional: feature.optional ?? options.optional ?? false,
    };
  });
}

function assertProgramClass(cls: unknown): asserts cls is ProgramClass {
  const name = typeof cls === 'function' ? cls.name : String(cls);
  if (typeof cls !== 'function' || !(cls.prototype instanceof Program)) {
    throw new DspyError(
      'CONFIG_INVALID',
      `DspyModule.forFeature(): ${name} is not a program class. Pass classes that extend Program and carry @Module().`,
    );
  }
  if (!getModuleOptions(cls)) {
    throw new DspyError(
      'CONFIG_INVALID',
      `DspyModule.forFeature(): ${name} has no @Module() decorator. Add @Module() from @dspy-ts/core (alias it if Nest's Module is imported: import { Module as DspyProgram } from '@dspy-ts/core').`,
    );
  }
}
