import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { DspyError, type Program } from '@dspy-ts/core';
import type { ResolvedFeature } from './feature-options';

const logger = new Logger('DspyModule');

/**
 * Loads a program's compiled state at startup. A missing file fails startup unless the feature
 * is optional; a file that exists but does not fit always fails, since serving a program that
 * silently ignores its compiled demos is worse than not starting.
 */
export async function loadCompiledState(program: Program<any, any>, feature: ResolvedFeature): Promise<void> {
  if (!feature.compiledStatePath) return;
  const name = feature.program.name;
  const path = resolve(feature.compiledStatePath);
  if (!existsSync(path)) {
    const how = `Compile the program and save it there (program.save('${feature.compiledStatePath}')), fix compiledStatePath, or mark it optional: forFeature([{ program: ${name}, compiledStatePath, optional: true }]).`;
    if (feature.optional) {
      logger.warn(`No compiled state for ${name} at ${path}; serving it uncompiled (optional).`);
      return;
    }
    throw new DspyError(
      'FILE_INVALID',
      `Cannot start: the compiled state file of ${name} does not exist: ${path}. ${how}`,
      { details: { path } },
    );
  }
  try {
    await program.load(path);
  } catch (err) {
    const code = DspyError.is(err) ? err.code : 'FILE_INVALID';
    throw new DspyError(
      code,
      `Cannot start: the compiled state of ${name} in ${path} could not be loaded.\n${(err as Error).message}\n` +
        `Recompile ${name} so the file matches its current predictors, or point compiledStatePath at the right file.`,
      { cause: err, details: { path, ...(DspyError.is(err) ? err.details : {}) } },
    );
  }
  logger.log(`Loaded compiled state of ${name} from ${path}`);
}
