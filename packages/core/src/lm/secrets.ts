import { inspect } from 'node:util';

const held = new WeakMap<SecretRedactor, string[]>();

/**
 * A server URL with its `user:password@` part taken out, and that part as an HTTP Basic
 * `Authorization` header value. Node's `fetch` refuses URLs with credentials (and quotes the
 * whole URL, password included, in its error), so providers send them as a header instead.
 *
 * @example
 * splitUrlCredentials('http://admin:pw@gpu:11434');
 * // { url: 'http://gpu:11434', authorization: 'Basic YWRtaW46cHc=', secrets: ['admin:pw', 'pw', 'YWRtaW46cHc='] }
 */
export function splitUrlCredentials(url: string): { url: string; authorization?: string; secrets: string[] } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, secrets: [] };
  }
  if (!u.username && !u.password) return { url, secrets: [] };
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  const basic = Buffer.from(`${user}:${password}`).toString('base64');
  const secrets = [`${u.username}:${u.password}`, `${user}:${password}`, u.password, password, basic];
  u.username = '';
  u.password = '';
  // Keep the caller's form (no trailing slash added by URL) so path joining behaves as before.
  const clean = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
  return { url: clean === url ? u.toString() : clean, authorization: `Basic ${basic}`, secrets };
}

/**
 * Removes known secret values (API keys, every configured header value, URL passwords) from text
 * that may reach an error, a log or a report, e.g. a server echoing a header back.
 *
 * @example
 * const redactor = new SecretRedactor(['sk-123', 'Bearer sk-123']);
 * redactor.redact('bad key Bearer sk-123'); // 'bad key [redacted]'
 */
export class SecretRedactor {
  // Held outside the instance so `util.inspect` / `JSON.stringify` of an LM never print them.
  private get values(): string[] {
    return held.get(this) ?? [];
  }

  constructor(values: Iterable<string | undefined>) {
    // Longest first, so "Bearer sk-1" goes whole rather than leaving "Bearer ".
    const kept = new Set<string>();
    for (const v of values) {
      if (typeof v !== 'string') continue;
      const t = v.trim();
      if (t.length >= 4) kept.add(t);
      // A bearer/basic scheme's token alone is echoed too.
      const token = /^(?:bearer|basic|token)\s+(\S{4,})$/i.exec(t)?.[1];
      if (token) kept.add(token);
    }
    held.set(
      this,
      [...kept].sort((a, b) => b.length - a.length),
    );
  }

  toJSON(): string {
    return '[SecretRedactor]';
  }

  [inspect.custom](): string {
    return 'SecretRedactor([redacted])';
  }

  /** True when there is nothing to redact. */
  get empty(): boolean {
    return this.values.length === 0;
  }

  redact(text: string): string {
    let out = text;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join('[redacted]');
    return out;
  }

  /** A copy of `err` safe to rethrow: message and stack redacted, `cause` dropped when it leaks. */
  redactError<E>(err: E): E {
    if (this.empty || typeof err !== 'object' || err === null) return err;
    const e = err as unknown as { message?: unknown; stack?: unknown; cause?: unknown };
    try {
      if (typeof e.message === 'string') e.message = this.redact(e.message);
      if (typeof e.stack === 'string') e.stack = this.redact(e.stack);
      if (e.cause !== undefined) this.redactError(e.cause);
    } catch {
      /* frozen error: leave it */
    }
    return err;
  }
}
