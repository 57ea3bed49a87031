import { ConfigurableModuleBuilder, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { configure, createContainer, type LanguageModel } from '@dspy-ts/core';
import { nestLogger } from './observability/nest-logger';
import type { DspyModuleExtras, DspyModuleOptions } from './dspy-module-options';
import { DspyHealthIndicator } from './health/dspy-health.indicator';
import { applyServiceHistoryLimits } from './lm/service-history';
import { DspyContextInterceptor } from './request/dspy-context.interceptor';
import { DSPY_CONTAINER, DSPY_LM, DSPY_MODULE_OPTIONS } from './tokens';

// Root providers are added here, not in `@Module()`, because `forFeature` modules share the
// `DspyModule` class and must not get a second container (they have no options provider).
const rootProviders: Provider[] = [
  // Its own provider so tests can `overrideProvider(DSPY_LM)` without rewriting the options.
  { provide: DSPY_LM, inject: [DSPY_MODULE_OPTIONS], useFactory: (o: DspyModuleOptions) => o.lm ?? null },
  {
    provide: DSPY_CONTAINER,
    inject: [DSPY_MODULE_OPTIONS, DSPY_LM],
    useFactory: (o: DspyModuleOptions, lm: LanguageModel | null) => {
      if (o.logger !== false) configure({ logger: o.logger ?? nestLogger() });
      applyServiceHistoryLimits(lm ?? undefined, o.history);
      return createContainer({
        lm: lm ?? undefined,
        adapter: o.adapter,
        retriever: o.retriever,
        embedder: o.embedder,
        parent: o.parent,
        callbacks: o.callbacks,
      });
    },
  },
  DspyHealthIndicator,
  DspyContextInterceptor,
];

const rootExports = [DSPY_MODULE_OPTIONS, DSPY_LM, DSPY_CONTAINER, DspyHealthIndicator, DspyContextInterceptor];

function withRootProviders(definition: DynamicModule, extras: Required<DspyModuleExtras>): DynamicModule {
  const interceptor: Provider[] = extras.requestContext
    ? [{ provide: APP_INTERCEPTOR, useExisting: DspyContextInterceptor }]
    : [];
  return {
    ...definition,
    global: extras.isGlobal,
    providers: [...(definition.providers ?? []), ...rootProviders, ...interceptor],
    exports: [...(definition.exports ?? []), ...rootExports],
  };
}

/** Nest's builder gives `forRoot` / `forRootAsync({ useFactory, inject, imports })` their usual shape. */
export const {
  ConfigurableModuleClass: DspyConfigurableModule,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<DspyModuleOptions>({ optionsInjectionToken: DSPY_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras<Required<DspyModuleExtras>>({ isGlobal: true, requestContext: true }, withRootProviders)
  .build();

/** `DspyModule.forRoot()` argument: the options plus `isGlobal` / `requestContext`. */
export type DspyRootOptions = typeof OPTIONS_TYPE;
/** `DspyModule.forRootAsync()` argument. */
export type DspyRootAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
