import type { ErrorCode } from './error-codes';

// A global symbol survives duplicate installs of @dspy-ts/core, where `instanceof` would not.
const BRAND = Symbol.for('@dspy-ts/core:DspyError');

/**
 * The one base class for every error dspy-ts raises.
 *
 * @example
 * try { await predict.call({ question }); }
 * catch (err) { if (DspyError.is(err, 'LM_RATE_LIMIT')) retryLater(); else throw err; }
 */
export class DspyError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True when `err` is a DspyError (from any copy of the package), optionally with one of `codes`. */
  static is(err: unknown, ...codes: ErrorCode[]): err is DspyError {
    if (typeof err !== 'object' || err === null || (err as Record<symbol, unknown>)[BRAND] !== true) return false;
    return codes.length === 0 || codes.includes((err as DspyError).code);
  }
}

/** A reply that could not be turned into the signature's output fields. Keeps the raw LM text. */
export class AdapterParseError extends DspyError {
  readonly adapterName: string;
  readonly signatureName: string;
  readonly lmResponse: string;
  readonly parsedResult?: Record<string, unknown>;

  constructor(args: {
    adapterName: string;
    signatureName: string;
    lmResponse: string;
    message?: string;
    parsedResult?: Record<string, unknown>;
    cause?: unknown;
  }) {
    const head = `Adapter ${args.adapterName} failed to parse the LM response.`;
    const body = args.message ? `\n\n${args.message}` : '';
    super(
      'ADAPTER_PARSE',
      `${head}\n\nLM Response: ${args.lmResponse}\n\nExpected to find output fields in the LM response of signature ${args.signatureName}.${body}`,
      { cause: args.cause },
    );
    this.adapterName = args.adapterName;
    this.signatureName = args.signatureName;
    this.lmResponse = args.lmResponse;
    this.parsedResult = args.parsedResult;
  }
}

/** A failure talking to a language model. Adapters never retry these with another format. */
export class LmError extends DspyError {
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly provider?: string;

  constructor(
    code: Extract<
      ErrorCode,
      | 'LM_ERROR'
      | 'LM_CONNECTION'
      | 'LM_TIMEOUT'
      | 'LM_RATE_LIMIT'
      | 'LM_CONTEXT_WINDOW'
      | 'LM_MODEL_NOT_FOUND'
      | 'LM_AUTH'
      | 'LM_SERVER'
      | 'LM_ABORTED'
    >,
    message: string,
    options: { cause?: unknown; status?: number; retryAfterMs?: number; provider?: string } = {},
  ) {
    super(code, message, { cause: options.cause, details: { status: options.status, provider: options.provider } });
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.provider = options.provider;
  }
}
