// Explicit export list: what is not here is internal.
export { JsSandbox } from './js-sandbox';
export type { JsSandboxRunOptions } from './js-sandbox';
export type { JsSandboxOptions } from './limits';
export { DEFAULT_LIMITS } from './limits';
export { FORBIDDEN_GLOBALS } from './prelude';
export { KILL_MARGIN_MS } from './worker-pool';
