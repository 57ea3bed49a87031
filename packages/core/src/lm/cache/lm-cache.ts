import { LRUCache } from 'lru-cache';
import type { LmOutput, LmResponse } from '../language-model';
import { DiskCache } from './disk-cache';

export interface LmCacheOptions {
  /** In-memory LRU in front of the disk (default true). */
  memory?: boolean;
  /** Most entries kept in memory (default 100,000). */
  maxEntries?: number;
  /** Most bytes of serialized responses kept in memory (default 256 MiB). */
  maxBytes?: number;
  /** Durable SQLite store (default true). */
  disk?: boolean;
  /** Folder of the disk cache. Default: `$DSPY_TS_CACHE_DIR`, else `~/.cache/dspy-ts/lm-cache`. */
  dir?: string;
  /**
   * A shared store behind memory and disk (e.g. `RedisCacheLayer` from `@dspy-ts/bullmq`), so workers on
   * several machines reuse each other's responses. Asked only on a local miss; its failures are misses.
   */
  remote?: RemoteCacheLayer;
}

/**
 * A cache level shared between machines. Values are the JSON text of a response; a layer must turn
 * every failure (unreachable server, timeout) into a miss or a dropped write, never an error.
 *
 * @example
 * const cache = new LmCache({ remote: new RedisCacheLayer({ connection: 'redis://127.0.0.1:6379' }) });
 */
export interface RemoteCacheLayer {
  get(key: string): Promise<string | undefined>;
  set(key: string, text: string): Promise<void>;
  delete?(key: string): Promise<void>;
  close?(): Promise<void>;
}

/**
 * Two-level cache of LM responses: a memory LRU in front of a durable disk store shared by
 * processes. Keys come from `cacheKey` (SHA-256 of the canonical request). A corrupt entry is a
 * miss and is deleted; cache trouble never fails a call.
 *
 * @example
 * const cache = new LmCache({ dir: join(tmpdir(), 'lm-cache') });
 * const lm = new OllamaLM({ model: 'llama3.2', cache });
 * cache.clearMemory(); // next hits come from disk
 */
export class LmCache {
  readonly disk?: DiskCache;
  readonly remote?: RemoteCacheLayer;
  private readonly memory?: LRUCache<string, object>;

  constructor(options: LmCacheOptions = {}) {
    if (options.memory !== false) {
      this.memory = new LRUCache<string, object>({
        max: options.maxEntries ?? 100_000,
        maxSize: options.maxBytes ?? 256 * 1024 * 1024,
      });
    }
    if (options.disk !== false) this.disk = new DiskCache({ dir: options.dir });
    this.remote = options.remote;
  }

  /**
   * The shared level's response for `key` (after a local miss), copied into memory and disk; a
   * malformed entry is deleted there and reads as a miss.
   */
  async getRemote(key: string): Promise<LmResponse | undefined> {
    const text = await this.remote?.get(key).catch(() => undefined);
    if (text === undefined) return undefined;
    const value = parseEntry(text, isResponse);
    if (!value) {
      await this.remote?.delete?.(key).catch(() => undefined);
      return undefined;
    }
    this.remember(key, value, text.length);
    this.disk?.set(key, text);
    return value;
  }

  /** The cached response (frozen, with its original usage), or `undefined`. */
  get(key: string): LmResponse | undefined {
    return this.getJson(key, isResponse);
  }

  set(key: string, response: LmResponse): void {
    const { cacheHit: _hit, ...stored } = response;
    this.setJson(key, stored);
  }

  /**
   * Any JSON value (frozen) stored under `key`, when `valid` accepts it; an entry it rejects
   * (or that does not parse) is deleted and reads as a miss. Embedders store vectors this way.
   */
  getJson<T extends object>(key: string, valid: (v: unknown) => v is T): T | undefined {
    const hit = this.memory?.get(key);
    if (hit) return valid(hit) ? hit : undefined;
    const text = this.disk?.get(key);
    if (text === undefined) return undefined;
    const value = parseEntry(text, valid);
    if (!value) {
      this.disk!.delete(key);
      return undefined;
    }
    this.remember(key, value, text.length);
    return value;
  }

  setJson(key: string, value: object): void {
    const text = JSON.stringify(value);
    const frozen = deepFreeze(JSON.parse(text) as object);
    this.remember(key, frozen, text.length);
    this.disk?.set(key, text);
    this.remote?.set(key, text).catch(() => undefined);
  }

  delete(key: string): void {
    this.memory?.delete(key);
    this.disk?.delete(key);
    this.remote?.delete?.(key).catch(() => undefined);
  }

  /** Empties the memory level only (DSPy's `reset_memory_cache`). */
  clearMemory(): void {
    this.memory?.clear();
  }

  /** Empties both levels. */
  clear(): void {
    this.clearMemory();
    this.disk?.clear();
  }

  close(): void {
    this.disk?.close();
  }

  private remember(key: string, value: object, bytes: number): void {
    this.memory?.set(key, value, { size: Math.max(1, bytes) });
  }
}

/** Parses and checks a stored entry; `undefined` when it is not well-formed. */
function parseEntry<T extends object>(text: string, valid: (v: unknown) => v is T): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return valid(value) ? deepFreeze(value) : undefined;
}

function isResponse(v: unknown): v is LmResponse {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  const u = r.usage as Record<string, unknown> | undefined;
  return (
    typeof r.model === 'string' &&
    Array.isArray(r.outputs) &&
    r.outputs.every((o: LmOutput) => typeof o === 'object' && o !== null && typeof o.text === 'string') &&
    typeof u === 'object' &&
    u !== null &&
    typeof u.promptTokens === 'number' &&
    typeof u.completionTokens === 'number'
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

let defaultCache: LmCache | undefined;

/**
 * The process-wide cache that providers use unless given their own (created on first use).
 *
 * @example
 * defaultLmCache().clearMemory();
 */
export function defaultLmCache(): LmCache {
  return (defaultCache ??= new LmCache());
}

/**
 * Replaces the process-wide cache (DSPy's `configure_cache`), e.g. to move it or turn the disk off.
 * Every LM without a cache of its own uses the new one from its next call.
 *
 * @example
 * configureCache({ disk: false });                 // memory only
 * configureCache({ dir: '/var/cache/app/lm' });   // another folder
 */
export function configureCache(options: LmCacheOptions = {}): LmCache {
  defaultCache?.close();
  defaultCache = new LmCache(options);
  return defaultCache;
}
