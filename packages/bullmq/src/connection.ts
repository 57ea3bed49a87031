import { DspyError } from '@dspy-ts/core';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Where Redis is: a URL (`redis://:password@host:6379/0`, `rediss://` for TLS) or ioredis options
 * (`{ host, port, password, tls }`). Credentials stay in this process: they are never written to
 * job data, logs, errors or reports (see `describeConnection`).
 */
export type RedisConnection = string | RedisOptions;

/**
 * The connection as text that is safe to print: user and password replaced by `***`.
 *
 * @example
 * describeConnection('redis://:s3cret@cache.internal:6379/2'); // 'redis://***@cache.internal:6379/2'
 */
export function describeConnection(connection: RedisConnection): string {
  if (typeof connection === 'string') {
    try {
      const url = new URL(connection);
      const hadCredentials = url.username !== '' || url.password !== '';
      url.username = '';
      url.password = '';
      const text = url.toString().replace(/\/$/, '');
      return hadCredentials ? text.replace('//', '//***@') : text;
    } catch {
      return '<invalid Redis URL>';
    }
  }
  const scheme = connection.tls ? 'rediss' : 'redis';
  const auth = connection.password || connection.username ? '***@' : '';
  const path = connection.path ?? `${connection.host ?? '127.0.0.1'}:${connection.port ?? 6379}`;
  return `${scheme}://${auth}${path}${connection.db ? `/${connection.db}` : ''}`;
}

/**
 * A new ioredis client. BullMQ needs `maxRetriesPerRequest: null` on blocking connections; a cache
 * client passes its own fail-fast options.
 */
export function createRedis(connection: RedisConnection, overrides: RedisOptions = {}): Redis {
  const base: RedisOptions = { maxRetriesPerRequest: null, ...overrides };
  const client = typeof connection === 'string' ? new Redis(connection, base) : new Redis({ ...connection, ...base });
  // Without a listener ioredis prints every reconnect failure; the callers report reachability themselves.
  client.on('error', () => undefined);
  return client;
}

/**
 * Fails fast, with the redacted URL and how to start Redis, when Redis cannot be reached.
 *
 * @example
 * await assertRedisReachable('redis://127.0.0.1:6379', 2_000);
 */
export async function assertRedisReachable(connection: RedisConnection, timeoutMs = 5_000): Promise<void> {
  const client = createRedis(connection, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  const where = describeConnection(connection);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    const reason = redactText(error instanceof Error ? error.message : String(error), connection);
    throw new DspyError(
      'QUEUE_UNAVAILABLE',
      `Redis is not reachable at ${where} (${reason}). Start it (e.g. \`redis-server --port 6379\`) or pass the ` +
        `right \`connection\` URL; a password goes in the URL (redis://:password@host:6379) and is never printed.`,
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** Removes the password (and the whole URL's credentials) from text that may quote them. */
export function redactText(text: string, connection: RedisConnection): string {
  let out = text;
  const secrets: string[] = [];
  if (typeof connection === 'string') {
    try {
      const url = new URL(connection);
      if (url.password) secrets.push(url.password, decodeURIComponent(url.password));
      out = out.split(connection).join(describeConnection(connection));
    } catch {
      secrets.push(connection);
    }
  } else if (connection.password) secrets.push(connection.password);
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}
