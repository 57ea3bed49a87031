import { AsyncLocalStorage } from 'node:async_hooks';
import { LmError } from '@dspy-ts/core';
import {
  connectionErrorCode,
  errorBodyFields,
  httpStatusError,
  injectTraceHeaders,
  isConnectFailure,
  isContextWindowMessage,
  parseRetryAfter,
  redactUrl,
  SecretRedactor,
  splitUrlCredentials,
  tracingEnabled,
} from '@dspy-ts/core/provider-kit';

/** Per-request data the shared client's fetch needs: the call's signal and the model (for messages). */
interface RequestScope {
  readonly signal?: AbortSignal;
  readonly model: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (which starts one client request) with this call's signal and model. */
export function inRequestScope<T>(request: RequestScope, fn: () => T): T {
  return scope.run(request, fn);
}

type Fetch = typeof fetch;

/** What an Ollama LM or embedder needs to reach its server without leaking a credential. */
export interface OllamaConnection {
  /** The host with any `user:password@` removed: what the `ollama` client is given. */
  readonly host: string;
  /** The host for messages (credentials, query removed). */
  readonly where: string;
  readonly fetch: Fetch;
  /** Removes the URL's password and every configured header value from text. */
  readonly redactor: SecretRedactor;
}

/**
 * Splits credentials out of `host` (sent as a Basic `Authorization` header unless `headers` has
 * one: Node's fetch refuses URLs with credentials and would quote the password in its error),
 * and builds the typed-error fetch with a redactor that knows every secret configured.
 */
export function ollamaConnection(
  rawHost: string,
  base: Fetch | undefined,
  headers: Readonly<Record<string, string>> | undefined,
): OllamaConnection {
  const split = splitUrlCredentials(rawHost);
  const all: Record<string, string> = { ...headers };
  if (split.authorization && !Object.keys(all).some((h) => h.toLowerCase() === 'authorization'))
    all.authorization = split.authorization;
  const redactor = new SecretRedactor([...split.secrets, ...Object.values(all)]);
  const where = redactUrl(split.url);
  return { host: split.url, where, fetch: createOllamaFetch(where, base ?? globalThis.fetch, all, redactor), redactor };
}

/**
 * The `fetch` given to the `ollama` client (it has no per-request signal): adds the call's
 * `AbortSignal`, and turns connection failures and non-2xx answers into typed `LmError`s that
 * name the host and say how to fix it (reading `Retry-After` on the way).
 */
function createOllamaFetch(
  where: string,
  base: Fetch,
  headers: Readonly<Record<string, string>>,
  redactor: SecretRedactor,
): Fetch {
  // Custom headers live in this closure (not in the client's config) so they never show in inspect/JSON output.
  const extraHeaders = Object.keys(headers).length ? headers : undefined;
  return async (input, init) => {
    if (extraHeaders)
      init = { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), ...extraHeaders } };
    if (tracingEnabled()) {
      const current = Object.fromEntries(
        new Headers(init?.headers as ConstructorParameters<typeof Headers>[0]).entries(),
      );
      init = { ...init, headers: injectTraceHeaders(current) };
    }
    const request = scope.getStore();
    const own = request?.signal;
    const signal = own && init?.signal ? AbortSignal.any([own, init.signal]) : (own ?? init?.signal ?? undefined);
    let response: Response;
    try {
      response = await base(input, signal ? { ...init, signal } : init);
    } catch (err) {
      const code = connectionErrorCode(err);
      if (!code || signal?.aborted) throw redactor.redactError(err);
      if (!isConnectFailure(code)) {
        throw new LmError(
          'LM_CONNECTION',
          `The connection to Ollama at ${where} was reset or closed before it answered (${code}). It is retried automatically; if it persists, check the Ollama server's (or a proxy's) logs.`,
          { cause: redactor.redactError(err), provider: 'Ollama' },
        );
      }
      throw new LmError(
        'LM_CONNECTION',
        `Could not connect to Ollama at ${where} (${code}). Start it with \`ollama serve\` (or open the Ollama app) and check \`curl ${where}/api/version\`; if it runs elsewhere, pass \`host\` or set OLLAMA_HOST.`,
        { cause: redactor.redactError(err), provider: 'Ollama' },
      );
    }
    if (!response.ok) throw await ollamaHttpError(response, where, request?.model ?? '<unknown>', redactor);
    return response;
  };
}

async function ollamaHttpError(
  response: Response,
  where: string,
  model: string,
  redactor: SecretRedactor,
): Promise<LmError> {
  const text = redactor.redact(await response.text().catch(() => ''));
  const { message } = errorBodyFields(text, response.status, response.statusText);
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers);
  const opts = { status, provider: 'Ollama', retryAfterMs };
  if (status === 404 && /not found/i.test(message) && /model/i.test(message)) {
    return new LmError(
      'LM_MODEL_NOT_FOUND',
      `Ollama at ${where} does not have the model "${model}" (${message}). Run \`ollama pull ${model}\`, or pick an installed one from \`ollama list\`.`,
      opts,
    );
  }
  if (isContextWindowMessage(message)) {
    return new LmError(
      'LM_CONTEXT_WINDOW',
      `Ollama at ${where} rejected the prompt for "${model}": ${message}. Shorten the inputs or demos, or raise the context with \`numCtx\` (Ollama's num_ctx) on the OllamaLM.`,
      opts,
    );
  }
  if (status === 503 && /busy|pending requests/i.test(message)) {
    return new LmError(
      'LM_RATE_LIMIT',
      `Ollama at ${where} is busy: ${message}. Lower \`maxConcurrency\` on the OllamaLM, or raise OLLAMA_NUM_PARALLEL / OLLAMA_MAX_QUEUE on the server.`,
      opts,
    );
  }
  return httpStatusError({ status, message, provider: 'Ollama', where, retryAfterMs }, `(model "${model}")`);
}
