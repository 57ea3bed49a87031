import { METADATA_KEYS } from './metadata-keys';

/** What `@Module()` records about a program class. */
export interface ModuleOptions {
  /** What the program does, in a sentence; optimizers that propose instructions show it to the model. */
  description?: string;
}

// Written under the documented key, so `Reflect.getMetadata(METADATA_KEYS.moduleOptions, Bot)` reads it.
const MODULE_OPTIONS = METADATA_KEYS.moduleOptions;

export function setModuleOptions(target: object, options: ModuleOptions): void {
  Reflect.defineMetadata(MODULE_OPTIONS, options, target);
}

export function getModuleOptions(target: object): ModuleOptions | undefined {
  return Reflect.getMetadata(MODULE_OPTIONS, target) as ModuleOptions | undefined;
}
