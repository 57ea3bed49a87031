import type { ServerResponse } from 'node:http';

/**
 * Writes server-sent events on a Node response (Express's is one). Headers go out with the first event, so an
 * error before it can still be answered with a normal status code.
 */
export class SseWriter {
  private started = false;

  constructor(private readonly res: ServerResponse) {}

  get headersSent(): boolean {
    return this.started;
  }

  send(event: string, data: unknown): void {
    if (!this.started) {
      this.res.statusCode = 200;
      this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
      this.res.setHeader('Cache-Control', 'no-cache, no-transform');
      this.res.setHeader('Connection', 'keep-alive');
      this.res.setHeader('X-Accel-Buffering', 'no'); // nginx would otherwise hold the stream back
      this.res.flushHeaders();
      this.started = true;
    }
    // JSON.stringify escapes newlines, so each payload fits on one `data:` line.
    this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    this.res.end();
  }
}
