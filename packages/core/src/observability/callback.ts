/** What an observed call is. */
export type CallKind =
  | 'module'
  | 'lm'
  | 'adapterFormat'
  | 'adapterParse'
  | 'tool'
  | 'retrieve'
  | 'evaluate'
  | 'compile';

/** Passed to every `on…Start` hook. `callId` pairs it with its end; `parentCallId` is the enclosing observed call. */
export interface CallStartEvent<I = Readonly<Record<string, unknown>>> {
  readonly callId: string;
  readonly parentCallId?: string;
  readonly kind: CallKind;
  /** The module, LM, adapter, tool, retriever, evaluator or optimizer that runs. */
  readonly instance: unknown;
  /** Readable name: `QA`, `Predict(QuestionAnswer)`, the model, the tool name... */
  readonly name: string;
  readonly inputs: I;
}

/** Passed to every `on…End` hook: the outputs, or the error the call threw. */
export interface CallEndEvent<O = unknown> {
  readonly callId: string;
  readonly parentCallId?: string;
  readonly kind: CallKind;
  readonly instance: unknown;
  readonly name: string;
  readonly outputs?: O;
  readonly error?: unknown;
  readonly durationMs: number;
}

/**
 * One trial (candidate) an optimizer scored.
 *
 * @example
 * configure({ callbacks: [{ onTrial: (e) => console.log(`${e.optimizer} trial ${e.trial}: ${e.score} (best ${e.bestScore})`) }] });
 */
export interface TrialEvent {
  /** The `compile` call this trial belongs to. */
  readonly parentCallId?: string;
  readonly optimizer: string;
  readonly trial: number;
  readonly score: number;
  readonly bestScore: number;
  readonly lmCalls?: number;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * DSPy's `BaseCallback`, TypeScript-shaped: implement the hooks you need. Hooks run synchronously
 * in the caller's flow, so keep them fast; one that throws is logged and never breaks the call.
 * Register globally (`configure({ callbacks })`), per scope (`withSettings`), per program
 * (`program.callbacks = [...]`, applies to everything it calls) or through DI (`CALLBACKS`).
 *
 * @example
 * const timings: Callback = {
 *   onLmEnd: (e) => console.log(e.name, e.durationMs, 'ms'),
 *   onModuleStart: (e) => console.log('→', e.name, e.callId, 'parent', e.parentCallId),
 * };
 * configure({ callbacks: [timings] });
 */
export interface Callback {
  onModuleStart?(event: CallStartEvent): void;
  onModuleEnd?(event: CallEndEvent): void;
  onLmStart?(event: CallStartEvent): void;
  onLmEnd?(event: CallEndEvent): void;
  onAdapterFormatStart?(event: CallStartEvent): void;
  onAdapterFormatEnd?(event: CallEndEvent): void;
  onAdapterParseStart?(event: CallStartEvent): void;
  onAdapterParseEnd?(event: CallEndEvent): void;
  onToolStart?(event: CallStartEvent): void;
  onToolEnd?(event: CallEndEvent): void;
  onRetrieveStart?(event: CallStartEvent): void;
  onRetrieveEnd?(event: CallEndEvent): void;
  onEvaluateStart?(event: CallStartEvent): void;
  onEvaluateEnd?(event: CallEndEvent): void;
  onCompileStart?(event: CallStartEvent): void;
  onCompileEnd?(event: CallEndEvent): void;
  /** An optimizer scored a candidate (`trial` counts from 0). */
  onTrial?(event: TrialEvent): void;
}

const HOOKS: Record<CallKind, readonly [keyof Callback, keyof Callback]> = {
  module: ['onModuleStart', 'onModuleEnd'],
  lm: ['onLmStart', 'onLmEnd'],
  adapterFormat: ['onAdapterFormatStart', 'onAdapterFormatEnd'],
  adapterParse: ['onAdapterParseStart', 'onAdapterParseEnd'],
  tool: ['onToolStart', 'onToolEnd'],
  retrieve: ['onRetrieveStart', 'onRetrieveEnd'],
  evaluate: ['onEvaluateStart', 'onEvaluateEnd'],
  compile: ['onCompileStart', 'onCompileEnd'],
};

export function hookNames(kind: CallKind): readonly [keyof Callback, keyof Callback] {
  return HOOKS[kind];
}
