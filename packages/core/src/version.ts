/** The dspy-ts version, written into save files. Kept in step with package.json by the release process. */
export const VERSION = '0.0.0';
/** The DSPy release whose prompt formats and save layout dspy-ts follows. */
export const DSPY_COMPAT_VERSION = '3.4.1';
