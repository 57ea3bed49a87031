import { LmError } from '../errors/dspy-error';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/**
 * The network error code behind a failed `fetch` (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`, ...),
 * looking through `cause` chains; `undefined` when `err` is not a connection failure.
 *
 * @example
 * try { await fetch(url); } catch (err) { if (connectionErrorCode(err)) throw new LmError('LM_CONNECTION', ...); }
 */
export function connectionErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  if (err instanceof TypeError && /fetch failed|terminated|other side closed/i.test(err.message)) return 'FETCH_FAILED';
  return undefined;
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  // fetch rejected with no network code (a refused port, a bad URL): nothing was exchanged.
  'FETCH_FAILED',
]);

/**
 * True when a connection error code (from `connectionErrorCode`) means no connection was made
 * (refused, unknown host, unreachable); false when an open connection was reset or closed
 * mid-request (`ECONNRESET`, `UND_ERR_SOCKET`, "terminated"), which needs another message.
 *
 * @example
 * isConnectFailure('ECONNREFUSED'); // true
 * isConnectFailure('ECONNRESET'); // false
 */
export function isConnectFailure(code: string): boolean {
  return CONNECT_CODES.has(code);
}

/**
 * `url` without credentials, query or fragment, safe to put in messages and logs.
 *
 * @example
 * redactUrl('https://user:pw@host:8000/v1?key=x'); // 'https://host:8000/v1'
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '<invalid URL>';
  }
}

/** What a provider knows about a failed HTTP exchange, for `httpStatusError`. */
export interface HttpFailure {
  readonly status: number;
  /** The server's error text (already extracted from its JSON body). */
  readonly message: string;
  readonly provider: string;
  /** Redacted URL or host, named in the message. */
  readonly where: string;
  readonly retryAfterMs?: number;
}

/**
 * Maps an HTTP failure to a typed `LmError` by status: 401/403 → `LM_AUTH`, 408 → `LM_TIMEOUT`,
 * 429 → `LM_RATE_LIMIT`, 5xx → `LM_SERVER`, else `LM_ERROR`. Context-window messages
 * (any status) → `LM_CONTEXT_WINDOW`. Providers handle their own special cases first.
 *
 * @example
 * throw httpStatusError({ status: 429, message: 'slow down', provider: 'vLLM', where: 'http://gpu:8000/v1', retryAfterMs: 1000 });
 */
export function httpStatusError(f: HttpFailure, hint = ''): LmError {
  const base = `${f.provider} at ${f.where} answered ${f.status}: ${f.message}`;
  const opts = { status: f.status, provider: f.provider, retryAfterMs: f.retryAfterMs };
  const tail = hint ? ` ${hint}` : '';
  if (isContextWindowMessage(f.message)) {
    return new LmError(
      'LM_CONTEXT_WINDOW',
      `${base}. The prompt does not fit the model's context window: shorten the inputs or demos, or use a model (or setting) with a larger context.${tail}`,
      opts,
    );
  }
  if (f.status === 401 || f.status === 403) {
    return new LmError('LM_AUTH', `${base}. Check the API key and that it may use this model.${tail}`, opts);
  }
  if (f.status === 408)
    return new LmError('LM_TIMEOUT', `${base}. The server timed out; retry later or raise its timeout.${tail}`, opts);
  if (f.status === 429) {
    const wait = f.retryAfterMs !== undefined ? ` The server asked to wait ${Math.ceil(f.retryAfterMs / 1000)} s.` : '';
    return new LmError(
      'LM_RATE_LIMIT',
      `${base}. Rate limited.${wait} Lower \`maxConcurrency\` on the LM or raise the account's limits.${tail}`,
      opts,
    );
  }
  if (f.status >= 500)
    return new LmError(
      'LM_SERVER',
      `${base}. The server failed; it is retried automatically, and if it persists check the server's logs.${tail}`,
      opts,
    );
  return new LmError('LM_ERROR', `${base}.${tail}`, opts);
}

/**
 * `message` and `code` of the usual JSON error bodies (OpenAI `{error:{message,code}}`, Ollama
 * `{error:"..."}`, vLLM `{message}`, FastAPI `{detail}`); any other body is kept as text (first 500
 * characters), an empty one becomes the status line. Redact `text` before calling this.
 *
 * @example
 * errorBodyFields('{"error":{"message":"bad key","code":"invalid_api_key"}}', 401); // { message: 'bad key', code: 'invalid_api_key' }
 * errorBodyFields('', 502, 'Bad Gateway'); // { message: 'Bad Gateway' }
 */
export function errorBodyFields(text: string, status: number, statusText = ''): { message: string; code?: string } {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  try {
    const body = JSON.parse(text) as Record<string, any>;
    const e = body.error;
    if (typeof e === 'string') return { message: e, code: str(body.code) };
    if (e && typeof e.message === 'string') return { message: e.message, code: str(e.code) };
    if (typeof body.message === 'string') return { message: body.message, code: str(body.code) };
    if (typeof body.detail === 'string') return { message: body.detail };
  } catch {
    /* not JSON: keep the text */
  }
  return { message: text.trim().slice(0, 500) || statusText || `HTTP ${status}` };
}

/**
 * True for the usual "prompt too long" wordings (OpenAI, vLLM, llama.cpp, Ollama).
 *
 * @example
 * isContextWindowMessage("This model's maximum context length is 8192 tokens"); // true
 */
export function isContextWindowMessage(message: string): boolean {
  return /context[_ ]length|context window|maximum context|exceeds the (available )?context|too many tokens|prompt is too long|input length exceeds|exceed_context_size/i.test(
    message,
  );
}
