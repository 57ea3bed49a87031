import { DspyError } from '@dspy-ts/core';
import { fetchModel } from './fetch-model';

/** `npx dspy-ts-fetch-model`: installs the embedded model, prints its path on stdout (progress on stderr). */
export function main(): void {
  fetchModel().then(
    (path) => process.stdout.write(`${path}\n`),
    (err: unknown) => {
      process.stderr.write(
        `dspy-ts-fetch-model: ${err instanceof DspyError || err instanceof Error ? err.message : String(err)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
