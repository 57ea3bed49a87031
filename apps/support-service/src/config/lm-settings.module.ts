import { Module } from '@nestjs/common';
import { LmSettings } from './lm-settings';

/** Provides `LmSettings` from the environment; tests override the provider. */
@Module({
  providers: [{ provide: LmSettings, useFactory: () => LmSettings.fromEnv(process.env) }],
  exports: [LmSettings],
})
export class LmSettingsModule {}
