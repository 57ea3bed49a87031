import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DspyError } from '@dspy-ts/core';

/** One HTTP request as the fake server received it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path with query, e.g. `/api/chat`. */
  readonly path: string;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, or the raw text when it is not JSON (`undefined` when empty). */
  readonly body: any;
  readonly rawBody: string;
  readonly receivedAt: number;
}

/**
 * A scripted failure for the next request(s):
 * - `{ status, body?, headers? }` answers with that status (e.g. 429 with `retry-after`);
 * - `{ kind: 'hang' }` never answers (for timeout tests);
 * - `{ kind: 'drop' }` destroys the socket (a connection reset);
 * - `{ kind: 'reset' }` sends a TCP RST mid-request (ECONNRESET on the client);
 * - `{ kind: 'garbled' }` answers 200 with a body that is not JSON (a proxy's page, a cut reply);
 * - `{ kind: 'slow', ms }` answers normally after an extra `ms` (a stuck upstream).
 */
export type FakeFailure =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'hang' }
  | { readonly kind: 'drop' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'garbled'; readonly body?: string }
  | { readonly kind: 'slow'; readonly ms: number };

export interface RecordingServerOptions {
  /** Delay before every answer, in ms (the simulated model latency). */
  latencyMs?: number;
  /** Keep the bodies of at most this many requests (oldest dropped); benchmarks set it low. */
  maxRecorded?: number;
}

/**
 * Base of the fake provider servers: listens on 127.0.0.1 (random port), records every request,
 * and can fail, hang, drop or delay on demand. Subclasses route and answer.
 *
 * @example
 * const server = await new FakeOllamaServer().start();
 * server.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow down' } });
 * // ... drive a client at server.url ...
 * expect(server.requests).toHaveLength(2);
 * await server.close();
 */
export abstract class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  latencyMs: number;
  private readonly maxRecorded: number;
  private readonly failures: FakeFailure[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly pendingTimers = new Set<NodeJS.Timeout>();
  private server?: Server;
  private baseUrl?: string;

  protected constructor(options: RecordingServerOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.maxRecorded = options.maxRecorded ?? Number.POSITIVE_INFINITY;
  }

  /** `http://127.0.0.1:<port>` once started. */
  get url(): string {
    if (!this.baseUrl)
      throw new DspyError('CONFIG_INVALID', 'The fake server is not started: call `await server.start()` first.');
    return this.baseUrl;
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** The most recent request, or throws when none arrived. */
  get lastRequest(): RecordedRequest {
    const last = this.requests.at(-1);
    if (!last) throw new DspyError('STATE_MISMATCH', 'The fake server has received no request yet.');
    return last;
  }

  /** Requests to one path (e.g. `/api/chat`). */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    if (this.server) return this;
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.keepAliveTimeout = 60_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops listening and destroys open connections (hung requests included). */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const t of this.pendingTimers) clearTimeout(t);
    this.pendingTimers.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` requests fail this way (queued after failures already scripted). */
  failNext(failure: FakeFailure, times = 1): this {
    for (let i = 0; i < times; i++) this.failures.push(failure);
    return this;
  }

  /** Forgets recorded requests (scripted replies and failures stay). */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Answer one recorded request; failures and latency are already handled. */
  protected abstract handle(request: RecordedRequest, res: ServerResponse): void | Promise<void>;

  protected sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  /** Resolves after `ms` (0: immediately); cleared on close. */
  protected delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pendingTimers.delete(t);
        resolve();
      }, ms);
      this.pendingTimers.add(t);
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      body: parseBody(rawBody),
      rawBody,
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);
    if (this.requests.length > this.maxRecorded) this.requests.splice(0, this.requests.length - this.maxRecorded);

    const failure = this.failures.shift();
    if (failure && 'kind' in failure && failure.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (failure && 'kind' in failure && failure.kind === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (failure && 'kind' in failure && failure.kind === 'hang') return; // close() destroys the socket
    await this.delay(this.latencyMs + (failure && 'kind' in failure && failure.kind === 'slow' ? failure.ms : 0));
    if (!this.server) return;
    if (failure && 'kind' in failure && failure.kind === 'garbled') {
      const text = failure.body ?? '<html><body>502 Bad Gateway</body></html>{"message":';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    if (failure && !('kind' in failure)) {
      this.sendJson(res, failure.status, failure.body ?? { error: `fake failure ${failure.status}` }, {
        ...failure.headers,
      });
      return;
    }
    try {
      await this.handle(recorded, res);
    } catch (err) {
      if (!res.headersSent) this.sendJson(res, 500, { error: `fake server error: ${(err as Error).message}` });
      else res.destroy();
    }
  }
}

function parseBody(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/**
 * A deterministic unit-length vector for `text` (same text, same vector), for fake embedding endpoints.
 *
 * @example
 * expect(vectors[0]).toEqual(fakeEmbedding('hello', 8));
 */
export function fakeEmbedding(text: string, dimensions = 8): number[] {
  const v: number[] = [];
  let h = 2166136261;
  for (let i = 0; i < dimensions; i++) {
    for (let j = 0; j < text.length; j++) h = Math.imul(h ^ text.charCodeAt(j) ^ i, 16777619);
    v.push(((h >>> 0) % 2000) / 1000 - 1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
