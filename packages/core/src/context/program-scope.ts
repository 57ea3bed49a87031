import { AsyncLocalStorage } from 'node:async_hooks';
import type { Adapter } from '../adapters/adapter';
import type { LanguageModel } from '../lm/language-model';

/** Collaborators injected into the nearest enclosing `@Module` program, visible to everything it calls. */
export interface ProgramScope {
  readonly lm?: LanguageModel;
  readonly adapter?: Adapter;
}

const scope = new AsyncLocalStorage<ProgramScope>();

export function runInProgramScope<R>(next: ProgramScope, fn: () => R): R {
  const outer = scope.getStore();
  return scope.run({ lm: next.lm ?? outer?.lm, adapter: next.adapter ?? outer?.adapter }, fn);
}

export function currentProgramScope(): ProgramScope {
  return scope.getStore() ?? {};
}
