import { AsyncLocalStorage } from 'node:async_hooks';
import { LmError } from '@dspy-ts/core';
import {
  connectionErrorCode,
  httpStatusError,
  isContextWindowMessage,
  parseRetryAfter,
  redactUrl,
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

/**
 * The `fetch` given to the `ollama` client (it has no per-request signal): adds the call's
 * `AbortSignal`, and turns connection failures and non-2xx answers into typed `LmError`s that
 * name the host and say how to fix it (reading `Retry-After` on the way).
 */
export function createOllamaFetch(
  host: string,
  base: Fetch = globalThis.fetch,
  headers?: Readonly<Record<string, string>>,
): Fetch {
  const where = redactUrl(host);
  // Custom headers live in this closure (not in the client's config) so they never show in inspect/JSON output.
  const extraHeaders = headers && Object.keys(headers).length ? { ...headers } : undefined;
  return async (input, init) => {
    if (extraHeaders)
      init = { ...init, headers: { ...(init?.headers as Record<string, string> | undefined), ...extraHeaders } };
    const request = scope.getStore();
    const own = request?.signal;
    const signal = own && init?.signal ? AbortSignal.any([own, init.signal]) : (own ?? init?.signal ?? undefined);
    let response: Response;
    try {
      response = await base(input, signal ? { ...init, signal } : init);
    } catch (err) {
      const code = connectionErrorCode(err);
      if (!code || signal?.aborted) throw err;
      throw new LmError(
        'LM_CONNECTION',
        `Could not connect to Ollama at ${where} (${code}). Start it with \`ollama serve\` (or open the Ollama app) and check \`curl ${where}/api/version\`; if it runs elsewhere, pass \`host\` or set OLLAMA_HOST.`,
        { cause: err, provider: 'Ollama' },
      );
    }
    if (!response.ok) throw await ollamaHttpError(response, where, request?.model ?? '<unknown>');
    return response;
  };
}

async function ollamaHttpError(response: Response, where: string, model: string): Promise<LmError> {
  const text = await response.text().catch(() => '');
  let message = text.trim() || response.statusText || `HTTP ${response.status}`;
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === 'string') message = body.error;
    else if (typeof (body.error as { message?: unknown })?.message === 'string')
      message = (body.error as { message: string }).message;
  } catch {
    /* not JSON: keep the text */
  }
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
