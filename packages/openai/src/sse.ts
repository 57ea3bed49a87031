/**
 * Reads a `text/event-stream` body and yields each event's `data` (multi-line data joined with
 * `\n`), stopping at `[DONE]`. Comments and other fields are skipped.
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncIterable<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let end: number;
      while ((end = eventEnd(buffer)) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^(\r?\n){1,2}/, '');
        const data = dataOf(event);
        if (data === undefined) continue;
        if (data === '[DONE]') return;
        yield data;
      }
      if (done) {
        const data = dataOf(buffer);
        if (data !== undefined && data !== '[DONE]') yield data;
        return;
      }
    }
  } finally {
    // Stops the download when the consumer leaves early; a no-op after the end.
    reader.cancel().catch(() => undefined);
  }
}

function eventEnd(buffer: string): number {
  const a = buffer.indexOf('\n\n');
  const b = buffer.indexOf('\r\n\r\n');
  if (a < 0) return b;
  if (b < 0) return a;
  return Math.min(a, b);
}

function dataOf(event: string): string | undefined {
  const lines = event.split(/\r?\n/).filter((l) => l.startsWith('data:'));
  if (lines.length === 0) return undefined;
  return lines.map((l) => l.slice(5).replace(/^ /, '')).join('\n');
}
