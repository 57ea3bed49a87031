/**
 * An unbounded single-consumer queue bridging the program (which pushes events as they happen)
 * and the consumer's `for await`. Unbounded is deliberate: an LM reply is small, and making the
 * LM wait for a slow consumer would hold a provider connection open for nothing.
 *
 * @example
 * const q = new EventQueue<number>();
 * q.push(1); q.end();
 * for await (const n of q) console.log(n); // 1
 */
export class EventQueue<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private head = 0;
  private failure?: { readonly error: unknown };
  private closed = false;
  private wake?: () => void;

  /** Whether `end` or `fail` was called (the producer finished), as opposed to `close`. */
  settled = false;

  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.notify();
  }

  /** The producer is done; `last` (if given) is the final item. */
  end(last?: T): void {
    if (last !== undefined) this.push(last);
    this.settled = true;
    this.close();
  }

  /** The producer failed: the consumer gets the items so far, then `error`. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.settled = true;
    this.close();
  }

  /** No more items are accepted (the consumer left, or the producer finished). */
  close(): void {
    this.closed = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.head < this.items.length) {
        const item = this.items[this.head++]!;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        yield item;
        continue;
      }
      if (this.failure) throw this.failure.error;
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
