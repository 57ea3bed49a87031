import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { logger } from '../../observability/log';

export interface DiskCacheOptions {
  /** Folder of the cache file. Default: `$DSPY_TS_CACHE_DIR`, else `~/.cache/dspy-ts/lm-cache`. */
  dir?: string;
  /** How long a writer waits for another process's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

/**
 * `$DSPY_TS_CACHE_DIR`, else `~/.cache/dspy-ts/lm-cache`.
 *
 * @example
 * console.log(`LM cache: ${defaultCacheDir()}`);
 */
export function defaultCacheDir(): string {
  return process.env.DSPY_TS_CACHE_DIR || join(homedir(), '.cache', 'dspy-ts', 'lm-cache');
}

const CORRUPT_CODES = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT_VTAB',
  'SQLITE_IOERR_SHORT_READ',
  // A valid SQLite file whose `cache` table is not ours (another tool's, an old layout).
  'DSPY_FOREIGN_SCHEMA',
]);

const COLUMNS = ['k', 'v', 'created_at'];

type Statement = BetterSqlite3.Statement<unknown[], { v: string } | undefined>;

/**
 * Durable key/value store for LM responses: one SQLite file (WAL, busy timeout), safe for several
 * processes at once and across restarts. It never throws: a locked, unreadable or corrupt file
 * reads as a miss; a corrupt file, or one with another schema, is moved aside (`*.corrupt-<time>`)
 * and recreated; when SQLite
 * cannot be used at all, it warns once and stays off (memory cache only).
 *
 * @example
 * const disk = new DiskCache({ dir: '/var/cache/my-service/lm' });
 * disk.set(key, JSON.stringify(response));
 * disk.get(key); // the same text, also from another process or after a restart
 */
export class DiskCache {
  readonly dir: string;
  readonly file: string;
  private readonly busyTimeoutMs: number;
  private db?: BetterSqlite3.Database;
  private getStmt?: Statement;
  private setStmt?: BetterSqlite3.Statement;
  private delStmt?: BetterSqlite3.Statement;
  private disabled = false;
  private warned = new Set<string>();

  constructor(options: DiskCacheOptions = {}) {
    this.dir = options.dir ?? defaultCacheDir();
    this.file = join(this.dir, 'cache.sqlite');
    this.busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  }

  /** False once the store gave up (SQLite unavailable or the folder not writable). */
  get available(): boolean {
    return !this.disabled && this.open() !== undefined;
  }

  get(key: string): string | undefined {
    return this.guard(() => (this.open() ? this.getStmt!.get(key)?.v : undefined), undefined);
  }

  set(key: string, value: string): void {
    this.guard(() => void (this.open() && this.setStmt!.run(key, value, Date.now())), undefined);
  }

  delete(key: string): void {
    this.guard(() => void (this.open() && this.delStmt!.run(key)), undefined);
  }

  /** Number of stored entries (0 when unavailable). */
  size(): number {
    return this.guard(
      () => (this.open() ? (this.db!.prepare('SELECT count(*) AS n FROM cache').get() as { n: number }).n : 0),
      0,
    );
  }

  /** Deletes every entry. */
  clear(): void {
    this.guard(() => void (this.open() && this.db!.exec('DELETE FROM cache')), undefined);
  }

  close(): void {
    try {
      this.db?.close();
    } catch {
      /* already closed */
    }
    this.db = undefined;
  }

  private open(): BetterSqlite3.Database | undefined {
    if (this.db || this.disabled) return this.db;
    try {
      this.db = this.connect();
    } catch (err) {
      if (!isCorrupt(err)) return this.disable(err);
      this.quarantine(err);
      try {
        this.db = this.connect();
      } catch (again) {
        return this.disable(again);
      }
    }
    return this.db;
  }

  private connect(): BetterSqlite3.Database {
    mkdirSync(this.dir, { recursive: true });
    // Loaded on first use so that importing @dspy-ts/core never needs the native addon.
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    const db = new Database(this.file, { timeout: this.busyTimeoutMs });
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(
        'CREATE TABLE IF NOT EXISTS cache (k TEXT PRIMARY KEY, v TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID',
      );
      const columns = (db.prepare('PRAGMA table_info(cache)').all() as { name: string }[]).map((c) => c.name);
      if (!COLUMNS.every((c) => columns.includes(c))) {
        throw Object.assign(new Error(`its "cache" table has the columns (${columns.join(', ')}), not dspy-ts's`), {
          code: 'DSPY_FOREIGN_SCHEMA',
        });
      }
      this.getStmt = db.prepare('SELECT v FROM cache WHERE k = ?') as Statement;
      this.setStmt = db.prepare('INSERT OR REPLACE INTO cache (k, v, created_at) VALUES (?, ?, ?)');
      this.delStmt = db.prepare('DELETE FROM cache WHERE k = ?');
    } catch (err) {
      db.close();
      throw err;
    }
    return db;
  }

  /** Runs `fn`; on a corrupt file repairs and reports a miss, on any other failure reports a miss. */
  private guard<R>(fn: () => R, fallback: R): R {
    try {
      return fn();
    } catch (err) {
      if (isCorrupt(err)) {
        this.close();
        this.quarantine(err);
      } else {
        this.warnOnce(
          String((err as { code?: string }).code ?? 'error'),
          `The LM disk cache at ${this.file} failed (${(err as Error).message}); this call is not cached. Check that the folder is writable, or set DSPY_TS_CACHE_DIR to another folder.`,
        );
      }
      return fallback;
    }
  }

  private quarantine(err: unknown): void {
    const aside = `${this.file}.corrupt-${Date.now()}-${process.pid}`;
    try {
      if (existsSync(this.file)) renameSync(this.file, aside);
      rmSync(`${this.file}-wal`, { force: true });
      rmSync(`${this.file}-shm`, { force: true });
    } catch {
      /* another process may have moved it already */
    }
    this.warnOnce(
      'corrupt',
      `The LM disk cache ${this.file} was corrupt (${(err as Error).message}); it was moved to ${aside} and a new one was started. Delete the old file when you no longer need it.`,
    );
  }

  private disable(err: unknown): undefined {
    this.disabled = true;
    this.db = undefined;
    this.warnOnce(
      'disabled',
      `The LM disk cache at ${this.file} cannot be used (${(err as Error).message}); responses are cached in memory only. Check that better-sqlite3 is installed and built (allowScripts) and that the folder is writable, or set DSPY_TS_CACHE_DIR.`,
    );
    return undefined;
  }

  private warnOnce(kind: string, message: string): void {
    if (this.warned.has(kind)) return;
    this.warned.add(kind);
    logger().warn({ code: 'DSPY_TS_CACHE', file: this.file }, message);
  }
}

function isCorrupt(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return typeof code === 'string' && CORRUPT_CODES.has(code);
}
