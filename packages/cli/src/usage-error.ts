/**
 * Bad input from the user (missing file, unknown metric...): printed as one line, exit code 2,
 * no stack trace unless `--verbose`.
 *
 * @example
 * throw new UsageError(`data file not found: ${path}. Pass an existing .jsonl, .json or .csv file.`);
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Exit codes of the `dspy-ts` binary.
 *
 * @example
 * process.exitCode = EXIT.usage; // 2: a bad flag or argument
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
