import { DspyError } from '@dspy-ts/core';

/** The contract's default when neither the call nor the retriever names `k`. */
export const DEFAULT_K = 3;

/** Resolves and checks `k`: a positive integer from the call, else the retriever's default. */
export function resolveK(owner: string, k: number | undefined, fallback: number): number {
  const value = k ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new DspyError('INPUT_INVALID', `${owner}.retrieve: k must be a positive integer, got ${String(value)}.`);
  }
  return value;
}

/** Throws the standard cancellation error when `signal` has fired. */
export function throwIfAborted(owner: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new DspyError('EXECUTION_CANCELLED', `${owner}: the operation was aborted.`, { cause: signal.reason });
  }
}
