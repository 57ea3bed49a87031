import { DspyError } from '../errors/dspy-error';
import { onAbort } from './on-abort';

/**
 * Counting semaphore: at most `max` holders at once, waiters served in order. A waiter whose
 * signal aborts leaves the queue.
 *
 * @example
 * const limit = new Semaphore(4);
 * const release = await limit.acquire(signal);
 * try { await work(); } finally { release(); }
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: {
    grant: () => void;
    reject: (reason: unknown) => void;
    signal?: AbortSignal;
    /** Unsubscribes from the signal. */
    onAbort?: () => void;
  }[] = [];

  constructor(readonly max: number) {
    if (!(max >= 1))
      throw new DspyError('CONFIG_INVALID', `Semaphore size must be at least 1, got ${max}. Pass a whole number >= 1.`);
  }

  /** Holders right now. */
  get inUse(): number {
    return this.active;
  }

  /** Callers waiting for a slot. */
  get queued(): number {
    return this.waiters.length;
  }

  /** Resolves with a `release` function (call it exactly once). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = {
        grant: () => {
          waiter.onAbort?.();
          resolve(this.releaser());
        },
        reject,
        signal,
      };
      if (signal) {
        // One listener per shared signal however many waiters it has (see onAbort).
        waiter.onAbort = onAbort(signal, () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason);
        });
      }
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
