import type { FactoryProvider, InjectionToken, OptionalFactoryDependency } from '@nestjs/common';
import { createContainer, type Program } from '@dspy-ts/core';
import type { Container } from 'inversify';
import { DSPY_CONTAINER } from '../tokens';
import type { Collaborator, ResolvedFeature } from './feature-options';
import { loadCompiledState } from './load-compiled-state';

// Constructor parameter types that can never be Nest providers.
const NOT_PROVIDERS = new Set<unknown>([
  Object,
  Function,
  String,
  Number,
  Boolean,
  Symbol,
  BigInt,
  Array,
  Promise,
  Map,
  Set,
  Date,
  RegExp,
]);

/**
 * Class-typed constructor parameters of a program (from `design:paramtypes`). Those Nest knows
 * are handed to the program from Nest's injector; the others Inversify builds as usual.
 */
export function classParams(program: Function): Function[] {
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', program) ?? [];
  return [...new Set(types.filter((t): t is Function => typeof t === 'function' && !NOT_PROVIDERS.has(t)))];
}

/**
 * A Nest factory provider for one program: an Inversify child of the root container, fed with the
 * Nest-resolved collaborators, builds the instance (so `@inject(LM)` etc. keep working), then the
 * compiled state is loaded before Nest finishes starting.
 *
 * @example
 * const provider = programProvider({ program: SupportBot, optional: false }, [{ provide: RETRIEVER, useExisting: KnowledgeBase }]);
 */
export function programProvider(feature: ResolvedFeature, collaborators: readonly Collaborator[]): FactoryProvider {
  const existing = collaborators.filter(
    (c): c is Extract<Collaborator, { useExisting: InjectionToken }> => 'useExisting' in c,
  );
  const constants = collaborators.filter((c): c is Extract<Collaborator, { useValue: unknown }> => 'useValue' in c);
  const fromNest = classParams(feature.program).filter((t) => t !== feature.program);
  const optionalDeps: OptionalFactoryDependency[] = fromNest.map((token) => ({
    token: token as InjectionToken,
    optional: true,
  }));
  return {
    provide: feature.program,
    inject: [DSPY_CONTAINER, ...existing.map((c) => c.useExisting), ...optionalDeps],
    useFactory: async (root: Container, ...values: unknown[]) => {
      // createContainer: a missing binding (say RETRIEVER) fails startup with our error naming the token and the fix.
      const child = createContainer({ parent: root });
      existing.forEach((c, i) => child.bind(c.provide).toConstantValue(values[i]));
      for (const c of constants) child.bind(c.provide).toConstantValue(c.useValue);
      fromNest.forEach((type, i) => {
        const value = values[existing.length + i];
        if (value !== undefined && value !== null) child.bind(type).toConstantValue(value);
      });
      const program = child.get<Program<any, any>>(feature.program);
      await loadCompiledState(program, feature);
      return program;
    },
  };
}
