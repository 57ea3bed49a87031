import { DspyError, LmError } from '@dspy-ts/core';
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
} from '@dspy-ts/core/provider-kit';
import { ApiKey } from './api-key';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface HttpClientOptions {
  /** As in the OpenAI SDK: default `$OPENAI_BASE_URL`, else `https://api.openai.com/v1`; paths such as `/chat/completions` are appended. */
  baseURL?: string;
  /** Default `$OPENAI_API_KEY`. Required for api.openai.com; optional for local servers. */
  apiKey?: string;
  /** `OpenAI-Organization` header. */
  organization?: string;
  /** `OpenAI-Project` header. */
  project?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/**
 * Minimal client for OpenAI-compatible HTTP APIs: JSON POSTs with the call's signal, typed
 * `LmError`s naming the server and the fix, and the key kept out of every message.
 * Credentials in `baseURL` (`https://user:pw@proxy/v1`) are sent as a Basic `Authorization`
 * header (unless one is configured) and never kept in the URL; the key, the URL's password and
 * every configured header value are redacted from whatever the server sends back.
 */
export class OpenAIHttpClient {
  /** `baseURL` with any `user:password@` removed. */
  readonly baseURL: string;
  /** `baseURL` without credentials or query, for messages. */
  readonly where: string;
  private readonly apiKey?: ApiKey;
  // A closure, so custom headers (which may carry credentials) never show in inspect/JSON output.
  private readonly headers: () => Record<string, string>;
  private readonly fetchImpl: typeof fetch;
  private readonly redactor: SecretRedactor;

  constructor(options: HttpClientOptions, what: string) {
    const split = splitUrlCredentials(options.baseURL ?? process.env.OPENAI_BASE_URL ?? OPENAI_BASE_URL);
    this.baseURL = split.url;
    this.where = redactUrl(this.baseURL);
    const key = options.apiKey ?? process.env.OPENAI_API_KEY;
    if (key) this.apiKey = new ApiKey(key);
    else if (/^https:\/\/api\.openai\.com(\/|$)/.test(this.baseURL)) {
      throw new DspyError(
        'CONFIG_INVALID',
        `${what} for ${this.where} needs an API key. Set OPENAI_API_KEY or pass \`apiKey\`; for a local server (vLLM, LM Studio, llama.cpp, Ollama) pass its \`baseURL\`, e.g. http://localhost:11434/v1.`,
      );
    }
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      ...options.headers,
    };
    if (options.organization) headers['openai-organization'] = options.organization;
    if (options.project) headers['openai-project'] = options.project;
    const hasAuth = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization');
    if (split.authorization && !hasAuth && !this.apiKey) headers.authorization = split.authorization;
    // Every configured header value is treated as a secret (an Azure `api-key`, a proxy token...).
    this.redactor = new SecretRedactor([
      key,
      ...split.secrets,
      ...Object.values(options.headers ?? {}),
      split.authorization,
    ]);
    this.headers = () => ({ ...headers });
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /** Full URL of `path`, joined as the OpenAI SDK does (`baseURL` + path, one slash). */
  url(path: string): string {
    return this.baseURL.endsWith('/') && path.startsWith('/') ? this.baseURL + path.slice(1) : this.baseURL + path;
  }

  /** POSTs `body` as JSON; resolves with the 2xx `Response` or throws a typed `LmError`. */
  async post(path: string, body: unknown, model: string, signal?: AbortSignal, accept?: string): Promise<Response> {
    const headers = this.headers();
    if (accept) headers.accept = accept;
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey.reveal()}`;
    injectTraceHeaders(headers);
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path), { method: 'POST', headers, body: JSON.stringify(body), signal });
    } catch (err) {
      const code = connectionErrorCode(err);
      if (!code || signal?.aborted) throw this.redactor.redactError(err);
      throw this.connectionError(err, code);
    }
    if (!response.ok) throw await this.httpError(response, model);
    return response;
  }

  /** Removes the API key, URL password and configured header values from text that came from the server. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /**
   * A connection failure named for what happened: no connection at all, or one reset / closed
   * while the request or reply was on the wire (`phase` says which, for a body read).
   */
  connectionError(err: unknown, code: string, phase: 'request' | 'reply' = 'request'): LmError {
    const opts = { cause: this.redactor.redactError(err), provider: 'OpenAI-compatible' };
    if (phase === 'request' && isConnectFailure(code)) {
      return new LmError(
        'LM_CONNECTION',
        `Could not connect to the OpenAI-compatible server at ${this.where} (${code}). Check that the server is running and that \`baseURL\` is right (it usually ends in /v1, e.g. http://localhost:8000/v1).`,
        opts,
      );
    }
    return new LmError(
      'LM_CONNECTION',
      `The connection to the OpenAI-compatible server at ${this.where} was reset or closed ${phase === 'reply' ? 'while the reply was being read' : 'before it answered'} (${code}). It is retried automatically; if it persists, check the server's (or a proxy's) logs and timeouts.`,
      opts,
    );
  }

  private async httpError(response: Response, model: string): Promise<LmError> {
    const text = this.redact(await response.text().catch(() => ''));
    const { message, code } = errorBodyFields(text, response.status, response.statusText);
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers);
    const opts = { status, provider: 'OpenAI-compatible', retryAfterMs };
    const base = `The server at ${this.where} answered ${status} for model "${model}": ${message}.`;
    if (
      code === 'model_not_found' ||
      (status === 404 && /model/i.test(message) && /not (be )?found|does not exist|no such/i.test(message))
    ) {
      return new LmError(
        'LM_MODEL_NOT_FOUND',
        `${base} Check \`model\`: list what the server serves with GET ${this.where}/models (for Ollama's /v1, run \`ollama pull ${model}\`).`,
        opts,
      );
    }
    if (status === 404) {
      return new LmError(
        'LM_ERROR',
        `${base} The endpoint was not found: check \`baseURL\` (the OpenAI SDK convention: it includes the /v1 prefix, e.g. http://localhost:8000/v1).`,
        opts,
      );
    }
    if (code === 'context_length_exceeded' || isContextWindowMessage(message)) {
      return new LmError(
        'LM_CONTEXT_WINDOW',
        `${base} The prompt does not fit the model's context window: shorten the inputs or demos, lower \`maxTokens\`, or use a model with a larger context.`,
        opts,
      );
    }
    if (status === 401) {
      return new LmError(
        'LM_AUTH',
        `${base} The API key was rejected: set OPENAI_API_KEY (or pass \`apiKey\`) to a valid key for this server.`,
        opts,
      );
    }
    return httpStatusError(
      { status, message, provider: 'OpenAI-compatible server', where: this.where, retryAfterMs },
      `(model "${model}")`,
    );
  }
}
