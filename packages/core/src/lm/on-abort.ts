/**
 * One `abort` listener per signal, fanned out to every subscriber.
 *
 * Why: a signal shared by many concurrent calls (an `Evaluate` run's, a request's) used to get
 * one listener per in-flight call, and Node warns (`MaxListenersExceededWarning`) past 10. Here
 * the signal carries a single listener whatever the number of calls; each call adds and removes
 * an entry in a set, which has no limit and costs O(1).
 */
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Runs `fn` once when `signal` aborts (at once, synchronously, when it already has). Returns the
 * unsubscribe function: call it when the work the signal guards is over.
 *
 * @example
 * const off = onAbort(request.signal, () => controller.abort(request.signal.reason));
 * try { await work(controller.signal); } finally { off(); }
 */
export function onAbort(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return noop;
  if (signal.aborted) {
    fn();
    return noop;
  }
  let set = subscribers.get(signal);
  if (!set) {
    const fresh = new Set<() => void>();
    subscribers.set(signal, fresh);
    set = fresh;
    signal.addEventListener(
      'abort',
      () => {
        subscribers.delete(signal);
        for (const f of [...fresh]) f();
      },
      { once: true },
    );
  }
  let entry: (() => void) | undefined = () => fn();
  set.add(entry);
  return () => {
    if (entry) set!.delete(entry);
    entry = undefined;
  };
}

/**
 * A new signal that aborts (with the parent's reason) when `parent` does, and can be aborted on
 * its own. Listeners added to the child never touch the parent. `dispose()` unlinks it.
 *
 * @example
 * const child = childSignal(sharedSignal);
 * try { await fetch(url, { signal: child.signal }); } finally { child.dispose(); }
 */
export function childSignal(parent: AbortSignal | undefined): {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  dispose(): void;
} {
  const controller = new AbortController();
  const off = onAbort(parent, () => controller.abort(parent!.reason));
  return {
    signal: controller.signal,
    abort: (reason?: unknown) => controller.abort(reason),
    dispose: off,
  };
}

function noop(): void {}
