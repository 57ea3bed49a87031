import { type DynamicModule, Module } from '@nestjs/common';
import { DspyConfigurableModule } from './dspy.module-definition';
import {
  type DspyFeatureOptions,
  type ProgramClass,
  type ProgramFeature,
  resolveFeatures,
} from './feature/feature-options';
import { programProvider } from './feature/program-provider';

/**
 * dspy-ts in a Nest application.
 * - `forRoot({ lm, adapter, retriever, lmResolver, ... })` / `forRootAsync({ imports, inject, useFactory })`
 *   (Nest's `ConfigurableModuleBuilder` shape; `isGlobal` default `true`, `requestContext` default `true`)
 *   provide the root Inversify container, the health indicator and the per-request context interceptor.
 * - `forFeature([SupportBot], { compiledStatePath, collaborators })` makes `@Module()` programs Nest
 *   providers (singletons) with their compiled state loaded before the app starts.
 *
 * @example
 * @NestModule({
 *   imports: [
 *     DspyModule.forRootAsync({ imports: [ConfigModule], inject: [ConfigService],
 *       useFactory: (config: ConfigService) => ({ lm: new OllamaLM({ model: config.get('MODEL') }) }) }),
 *     DspyModule.forFeature([SupportBot], { compiledStatePath: 'compiled/support-bot.json' }),
 *   ],
 *   controllers: [AskController], // constructor(private readonly bot: SupportBot) {}
 * })
 * export class AppModule {}
 */
@Module({})
export class DspyModule extends DspyConfigurableModule {
  static forFeature(
    programs: readonly (ProgramClass | ProgramFeature)[],
    options: DspyFeatureOptions = {},
  ): DynamicModule {
    const features = resolveFeatures(programs, options);
    const collaborators = options.collaborators ?? [];
    return {
      module: DspyModule,
      imports: options.imports ?? [],
      providers: features.map((f) => programProvider(f, collaborators)),
      exports: features.map((f) => f.program),
    };
  }
}
