import { LmError } from '../errors/dspy-error';
import { onAbort } from './on-abort';

/**
 * The abort signal of one LM call: the caller's signal and/or a deadline, merged. Allocates
 * nothing when there is neither. Call `dispose()` when the call ends.
 *
 * The caller's signal is never handed down as is: fetch, the concurrency limit and the backoff
 * all listen on this call's own signal, and the caller's (often shared by many calls, e.g. an
 * `Evaluate` run's) gets one fanned-out listener in total (`onAbort`).
 */
export class CallSignal {
  readonly signal?: AbortSignal;
  private controller?: AbortController;
  private timer?: NodeJS.Timeout;
  private timedOutFlag = false;
  private unlink?: () => void;

  constructor(
    private readonly userSignal?: AbortSignal,
    timeoutMs?: number,
    /** Always own a controller (streams need one to stop the request when the consumer leaves). */
    own = false,
  ) {
    const deadline = typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs);
    if (!deadline && !own && !userSignal) return;
    const controller = (this.controller = new AbortController());
    this.signal = controller.signal;
    if (deadline) {
      this.timer = setTimeout(() => {
        this.timedOutFlag = true;
        controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs);
    }
    if (userSignal) this.unlink = onAbort(userSignal, () => controller.abort(userSignal.reason));
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

  /**
   * The signal of one attempt: this call's, plus `attemptTimeoutMs` when set (and shorter than
   * what is left of the call). When only the attempt's timer fires, `settle` turns the failure
   * into a retryable `LM_TIMEOUT`, so a hung connection costs one attempt, not the whole call.
   */
  attempt(attemptTimeoutMs: number | undefined): AttemptSignal {
    return new AttemptSignal(this.signal, attemptTimeoutMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unlink?.();
  }
}

/** One attempt's signal under a call's signal; see `CallSignal.attempt`. */
export class AttemptSignal {
  readonly signal?: AbortSignal;
  private timer?: NodeJS.Timeout;
  private unlink?: () => void;
  private expired = false;

  constructor(
    private readonly callSignal: AbortSignal | undefined,
    private readonly timeoutMs: number | undefined,
  ) {
    if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))) {
      this.signal = callSignal;
      return;
    }
    const controller = new AbortController();
    this.signal = controller.signal;
    this.timer = setTimeout(() => {
      this.expired = true;
      controller.abort(new DOMException(`attempt timed out after ${timeoutMs} ms`, 'TimeoutError'));
    }, timeoutMs);
    if (callSignal) this.unlink = onAbort(callSignal, () => controller.abort(callSignal.reason));
  }

  /** True when this attempt's own timer fired while the call itself was still live. */
  get timedOut(): boolean {
    return this.expired && this.callSignal?.aborted !== true;
  }

  /** Stops the attempt's timer (the stream has started: its length is the call deadline's business). */
  disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** `err` as it should reach the retry loop: an attempt timeout becomes a retryable `LM_TIMEOUT`. */
  settle(err: unknown, provider: string, model: string): unknown {
    if (!this.timedOut) return err;
    return new LmError(
      'LM_TIMEOUT',
      `${provider} did not answer for ${model} within the attempt timeout of ${this.timeoutMs} ms; the attempt was cancelled and is retried. Raise \`retry.attemptTimeoutMs\` for slow models.`,
      { cause: err, provider },
    );
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unlink?.();
  }
}
