// Explicit export list.
export { startWorker } from './worker';
export type { WorkerOptions, DistributedWorker } from './worker';
export { DistributedEvaluate } from './distributed-evaluate';
export type { DistributedEvaluateOptions, DistributedEvaluationResult } from './distributed-evaluate';
export { DistributedEvaluator } from './distributed-evaluator';
export type { DistributedEvaluatorOptions, DistributedCandidateScore } from './distributed-evaluator';
export { RedisCacheLayer } from './redis-cache-layer';
export type { RedisCacheLayerOptions } from './redis-cache-layer';
export { assertRedisReachable, describeConnection } from './connection';
export type { RedisConnection } from './connection';
export type { ProgramFactory } from './registry';
export type { EvaluateJobData, LmJobSettings } from './job-data';
export { validateJobData } from './job-data';
export { jobIdOf } from './fingerprint';
export { DEFAULT_QUEUE, DEFAULT_STALL } from './queue-options';
export type { StallSettings } from './queue-options';
