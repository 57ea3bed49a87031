import type { RemoteCacheLayer } from '@dspy-ts/core';
import type { Redis } from 'ioredis';
import { createRedis, type RedisConnection } from './connection';

/**
 * Options of `RedisCacheLayer`.
 *
 * @example
 * { connection: 'redis://127.0.0.1:6379', prefix: 'dspy-cache:', ttlSeconds: 86_400 }
 */
export interface RedisCacheLayerOptions {
  readonly connection: RedisConnection;
  /** Key prefix. Default `dspy-ts:lm-cache:`. */
  readonly prefix?: string;
  /** Expiry of entries. Default: none (Redis's own eviction policy applies). */
  readonly ttlSeconds?: number;
  /** A lookup slower than this is a miss, so a sick Redis never slows calls much. Default 250 ms. */
  readonly timeoutMs?: number;
}

/**
 * The LM cache shared by every worker: a Redis level behind each process's memory + SQLite cache
 * (same keys: SHA-256 of the canonical request). Asked only on a local miss; an unreachable Redis,
 * a slow answer or a corrupt entry is a miss and never fails a call.
 *
 * @example
 * const cache = new LmCache({ remote: new RedisCacheLayer({ connection: 'redis://127.0.0.1:6379' }) });
 * const lm = new OpenAICompatibleLM({ model: 'llama3.2', baseURL, cache });
 */
export class RedisCacheLayer implements RemoteCacheLayer {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(private readonly options: RedisCacheLayerOptions) {
    // One retry per command, and lookups bounded by `timeoutMs`: while Redis is away a miss is cheaper than a wait.
    this.redis = createRedis(options.connection, { maxRetriesPerRequest: 1 });
    this.prefix = options.prefix ?? 'dspy-ts:lm-cache:';
  }

  async get(key: string): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const value = await Promise.race([
        this.redis.get(this.prefix + key),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), this.options.timeoutMs ?? 250);
        }),
      ]);
      return value ?? undefined;
    } catch {
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  async set(key: string, text: string): Promise<void> {
    try {
      if (this.options.ttlSeconds) await this.redis.set(this.prefix + key, text, 'EX', this.options.ttlSeconds);
      else await this.redis.set(this.prefix + key, text);
    } catch {
      // A dropped write only costs a later miss.
    }
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key).catch(() => 0);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
