import type { Container } from 'inversify';
import { DspyError } from '../errors/dspy-error';

/** createContainer's option for each core token, for the error's "how to bind". */
const OPTION_OF: Record<string, string> = {
  LM: 'lm',
  ADAPTER: 'adapter',
  RETRIEVER: 'retriever',
  EMBEDDER: 'embedder',
  OPTIMIZER: 'optimizer',
};

/** Inversify's "No bindings found for service: X. Trying to resolve bindings for Y." as a DspyError naming the token and the fix. */
export function translateBindingError(err: unknown): unknown {
  const message = err instanceof Error ? err.message : '';
  const missing = /No bindings found for service: "?([^"\n]+?)"?\.(?:\s|$)/.exec(message);
  if (!missing) return err;
  const service = missing[1]!;
  const requestedBy = /Trying to resolve bindings for "([^"]+)"/.exec(message)?.[1]?.replace(/ \(Root service\)$/, '');
  const token = /^Symbol\(@dspy-ts\/core:(\w+)\)$/.exec(service)?.[1];
  const by = requestedBy && requestedBy !== service ? ` (needed by ${requestedBy})` : '';
  const fix = token
    ? OPTION_OF[token]
      ? `Pass it to createContainer({ ${OPTION_OF[token]} }), or bind it: container.bind(${token}).toConstantValue(...) ` +
        `(import { ${token} } from '@dspy-ts/core'); in NestJS, DspyModule.forRoot({ ${OPTION_OF[token]} }) or a forFeature collaborator.`
      : `Bind it: container.bind(${token}).toConstantValue(...).`
    : `Bind it: container.bind(${service}).to...(...), or check that the class is decorated (@Module / @injectable).`;
  const name = token ? `the ${token} token` : service;
  return new DspyError('CONFIG_INVALID', `Nothing is bound to ${name} in the container${by}. ${fix}`, { cause: err });
}

/** Makes `get` / `getAsync` / `getAll` / `getAllAsync` throw our DspyError for a missing binding. */
export function withBindingErrors<C extends Container>(container: C): C {
  const wrap = <K extends 'get' | 'getAsync' | 'getAll' | 'getAllAsync'>(key: K) => {
    const original = (container[key] as (...args: unknown[]) => unknown).bind(container);
    (container as unknown as Record<K, unknown>)[key] = (...args: unknown[]) => {
      let result: unknown;
      try {
        result = original(...args);
      } catch (err) {
        throw translateBindingError(err);
      }
      return result instanceof Promise
        ? result.catch((err: unknown) => Promise.reject(translateBindingError(err)))
        : result;
    };
  };
  wrap('get');
  wrap('getAsync');
  wrap('getAll');
  wrap('getAllAsync');
  return container;
}
