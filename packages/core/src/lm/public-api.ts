// The LM layer's public exports beyond the contract (re-exported by the package index).
export { LmCache, configureCache, defaultLmCache } from './cache/lm-cache';
export type { LmCacheOptions } from './cache/lm-cache';
export { DiskCache, defaultCacheDir } from './cache/disk-cache';
export type { DiskCacheOptions } from './cache/disk-cache';
export { cacheKey, canonicalJson } from './cache/cache-key';
export { withRetry, retryDelay, backoffDelay, isRetryable, parseRetryAfter, sleep } from './retry';
export type { RetryOptions } from './retry';
export { Semaphore } from './concurrency';
export { connectionErrorCode, httpStatusError, isContextWindowMessage, redactUrl } from './http-errors';
export type { HttpFailure } from './http-errors';
export { BaseEmbedder } from './base-embedder';
export type { BaseEmbedderOptions, EmbedBatchResult, EmbedOptions } from './base-embedder';
