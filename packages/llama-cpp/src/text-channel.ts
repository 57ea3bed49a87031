/**
 * A push-to-pull bridge: a producer `push`es text pieces, a consumer `for await`s them until `close`.
 *
 * @example
 * const ch = new TextChannel();
 * setTimeout(() => { ch.push('a'); ch.close(); });
 * for await (const t of ch) console.log(t);
 */
export class TextChannel implements AsyncIterable<string> {
  private readonly items: string[] = [];
  private closed = false;
  private wake?: () => void;

  push(text: string): void {
    if (this.closed || !text) return;
    this.items.push(text);
    this.signal();
  }

  close(): void {
    this.closed = true;
    this.signal();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      if (this.items.length) yield this.items.shift()!;
      else if (this.closed) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
