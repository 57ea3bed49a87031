/**
 * The abort signal of one LM call: the caller's signal and/or a deadline, merged. Allocates
 * nothing when there is neither. Call `dispose()` when the call ends.
 */
export class CallSignal {
  readonly signal?: AbortSignal;
  private controller?: AbortController;
  private timer?: NodeJS.Timeout;
  private timedOutFlag = false;

  constructor(
    private readonly userSignal?: AbortSignal,
    timeoutMs?: number,
    /** Always own a controller (streams need one to stop the request when the consumer leaves). */
    own = false,
  ) {
    const deadline = typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs);
    if (!deadline && !own) {
      this.signal = userSignal;
      return;
    }
    const controller = (this.controller = new AbortController());
    this.signal = controller.signal;
    if (deadline) {
      this.timer = setTimeout(() => {
        this.timedOutFlag = true;
        controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs);
    }
    if (userSignal) {
      if (userSignal.aborted) controller.abort(userSignal.reason);
      else userSignal.addEventListener('abort', this.onUserAbort, { once: true });
    }
  }

  /** True when the deadline fired (not the caller's signal). */
  get timedOut(): boolean {
    return this.timedOutFlag;
  }

  /** True when the caller's own signal aborted. */
  get callerAborted(): boolean {
    return this.userSignal?.aborted === true;
  }

  /** Aborts the call (e.g. the stream consumer stopped early). */
  abort(reason?: unknown): void {
    this.controller?.abort(reason);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.userSignal?.removeEventListener('abort', this.onUserAbort);
  }

  private readonly onUserAbort = (): void => {
    this.controller?.abort(this.userSignal?.reason);
  };
}
