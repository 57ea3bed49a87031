import { loadsLenient, NOT_JSON } from '../adapters/lenient-json';
import { DspyError } from '../errors/dspy-error';
import type { TypeRef } from '../signature/type-ref';
import { isPlainObject } from '../utils/is-plain-object';

/** One requested call: DSPy's `ToolCalls.ToolCall` (`id` is the provider's call id, when there is one). */
export interface ToolCallRequest {
  readonly id: string | null;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** The outcome of one call, as DSPy's `ToolCallResults.ToolCallResult`. */
export interface ToolCallResult {
  readonly callId: string | null;
  readonly name: string;
  readonly value: unknown;
  readonly isError: boolean;
}

/**
 * DSPy's `dspy.ToolCalls`: the tool calls an LM asked for. Type an output field `ToolCalls`
 * (`@OutputField({ type: TOOL_CALLS_TYPE }) toolCalls!: ToolCalls`, or `'question -> tool_calls: ToolCalls'`)
 * and the prompt asks for `{"tool_calls": [{"name": ..., "args": {...}}]}` exactly as DSPy 3.4.1 does.
 * In a `History` turn, a `ToolCalls` value (or a `{ tool_calls: [...] }` object) with `toolCallResults`
 * is followed by a user turn holding the results, as DSPy's `format_conversation_history` does.
 *
 * Accepts DSPy's shapes: `{ tool_calls: [...] }`, a list of calls, one call, and OpenAI-shaped
 * calls (`{ id, function: { name, arguments: '<json>' } }`). Immutable.
 *
 * @example
 * const calls = ToolCalls.fromDictList([{ name: 'search', args: { query: 'cats' } }]);
 * calls.format(); // { tool_calls: [{ name: 'search', args: { query: 'cats' } }] }
 * const turn = { question: 'Cats?', tool_calls: calls.withResults([{ name: 'search', value: ['…'] }]) };
 * history = history.withTurn(turn);
 */
export class ToolCalls {
  readonly toolCalls: readonly ToolCallRequest[];
  /** The results of these calls, when the caller ran them (DSPy's `tool_call_results`). */
  readonly toolCallResults: readonly ToolCallResult[] | null;

  constructor(toolCalls: readonly ToolCallRequest[], toolCallResults: readonly ToolCallResult[] | null = null) {
    this.toolCalls = Object.freeze(toolCalls.map((c) => Object.freeze({ ...c })));
    this.toolCallResults = toolCallResults ? Object.freeze(toolCallResults.map((r) => Object.freeze({ ...r }))) : null;
    Object.freeze(this);
  }

  /**
   * DSPy's `ToolCalls.from_dict_list`: each dict has `name` and `args` (or OpenAI's `function`).
   *
   * @example
   * ToolCalls.fromDictList([{ name: 'translate', args: { text: 'world' } }]).toolCalls[0].name; // 'translate'
   */
  static fromDictList(calls: readonly object[]): ToolCalls {
    return new ToolCalls(calls.map((c, i) => normalizeCall(c, i)));
  }

  /**
   * DSPy's `ToolCalls.model_validate`: a `ToolCalls`, `{ tool_calls, tool_call_results? }`, a list of
   * calls, or one call. Anything else is an `INPUT_INVALID` error that shows the accepted shape.
   *
   * @example
   * ToolCalls.from({ name: 'search', args: { query: 'cats' } }).toolCalls.length; // 1
   */
  static from(value: unknown): ToolCalls {
    if (value instanceof ToolCalls) return value;
    if (Array.isArray(value) && value.every((v) => isPlainObject(v) && isToolCallDict(v)))
      return ToolCalls.fromDictList(value as object[]);
    if (isPlainObject(value)) {
      if ('tool_calls' in value && Array.isArray(value.tool_calls)) {
        const results = value.tool_call_results;
        return new ToolCalls(
          value.tool_calls.map((c, i) => normalizeCall(c, i)),
          results === undefined || results === null ? null : toResults(results),
        );
      }
      if (!('tool_calls' in value) && isToolCallDict(value)) return ToolCalls.fromDictList([value]);
    }
    throw new DspyError(
      'INPUT_INVALID',
      `Received invalid value for ToolCalls: ${safeJson(value)}. Expected { tool_calls: [{ name: "search", args: { query: "cats" } }] }.`,
    );
  }

  /**
   * A copy carrying the results of these calls (DSPy's `tool_call_results`), e.g. to keep in a History turn.
   * Results are `{ callId?, name, value, isError? }` (or DSPy's snake_case keys).
   *
   * @example
   * calls.withResults([{ callId: 'c1', name: 'weather', value: { temp: 20 } }]);
   */
  withResults(results: readonly object[]): ToolCalls {
    return new ToolCalls(this.toolCalls, toResults(results));
  }

  /** DSPy's `ToolCalls.description()`: the type description line shown in the prompt. */
  static description(): string {
    return (
      'Tool calls must be a JSON object with `tool_calls`, a list of calls. ' +
      'Each call must include `name` and `args`. ' +
      'Example: {"tool_calls": [{"name": "search", "args": {"query": "cats"}}]}'
    );
  }

  /** DSPy's `format()`: `{ tool_calls: [{ name, args }] }` (ids and results are left out). */
  format(): { tool_calls: { name: string; args: Readonly<Record<string, unknown>> }[] } {
    return { tool_calls: this.toolCalls.map((c) => ({ name: c.name, args: c.args })) };
  }

  /** DSPy's `serialize_model`: `format()` plus `tool_call_results` when present. */
  toJSON(): Record<string, unknown> {
    const data: Record<string, unknown> = this.format();
    if (this.toolCallResults) data.tool_call_results = resultsJson(this.toolCallResults);
    return data;
  }
}

/**
 * The field type of a `ToolCalls` output (prompts name it `ToolCalls`, as DSPy does). String
 * signatures get it from `ToolCalls` / `dspy.ToolCalls`; class signatures from `design:type`.
 *
 * @example
 * outputField('tool_calls', TOOL_CALLS_TYPE);
 */
export const TOOL_CALLS_TYPE: TypeRef = Object.freeze({ kind: 'class', name: 'ToolCalls', cls: ToolCalls });

/** Whether `type` is the ToolCalls type. */
export function isToolCallsType(type: TypeRef): boolean {
  return type.kind === 'class' && type.cls === ToolCalls;
}

/**
 * pydantic's JSON schema for `dspy.ToolCalls` as DSPy 3.4.1 prints it (ids and results removed,
 * `type` moved to the front).
 */
export const TOOL_CALLS_JSON_SCHEMA: Readonly<Record<string, unknown>> = {
  type: 'object',
  $defs: {
    ToolCall: {
      type: 'object',
      properties: {
        args: { type: 'object', additionalProperties: true, title: 'Args' },
        name: { type: 'string', title: 'Name' },
      },
      required: ['name', 'args'],
      title: 'ToolCall',
    },
  },
  properties: { tool_calls: { type: 'array', items: { $ref: '#/$defs/ToolCall' }, title: 'Tool Calls' } },
  required: ['tool_calls'],
  title: 'ToolCalls',
};

/** DSPy's inline reminder for a ToolCalls output in the final request. */
export const TOOL_CALLS_REQUIREMENT = ' (must be a JSON object like {"tool_calls": [{"name": "...", "args": {...}}]})';

/**
 * DSPy's `_tool_calls_from_message`: the first field of a History message holding tool calls
 * (a `ToolCalls`, or an object with a `tool_calls` key).
 */
export function toolCallsInMessage(message: Readonly<Record<string, unknown>>): [string, ToolCalls] | undefined {
  for (const [name, value] of Object.entries(message)) {
    if (value instanceof ToolCalls || (isPlainObject(value) && 'tool_calls' in value))
      return [name, ToolCalls.from(value)];
  }
  return undefined;
}

/** DSPy's `ToolCallResults` JSON: `{ call_id, name, value, is_error }` per result. */
export function resultsJson(results: readonly ToolCallResult[]): Record<string, unknown>[] {
  return results.map((r) => ({ call_id: r.callId, name: r.name, value: r.value, is_error: r.isError }));
}

function isToolCallDict(data: Record<string, unknown>): boolean {
  return ('name' in data && ('args' in data || 'arguments' in data)) || 'function' in data;
}

function normalizeCall(call: unknown, index: number): ToolCallRequest {
  if (call instanceof Object && !isPlainObject(call) && 'name' in call && 'args' in call) call = { ...call };
  if (!isPlainObject(call))
    throw new DspyError(
      'INPUT_INVALID',
      `Tool call #${index} must be an object { name, args }, got ${safeJson(call)}.`,
    );
  let args: unknown;
  let name: unknown;
  if ('function' in call) {
    const fn = call.function ?? {};
    if (!isPlainObject(fn))
      throw new DspyError('INPUT_INVALID', `Tool call #${index} has an invalid function value: ${safeJson(fn)}.`);
    args = fn.arguments ?? {};
    name = fn.name || call.name;
  } else {
    args = call.args ?? call.arguments ?? {};
    name = call.name;
  }
  if (typeof args === 'string') {
    const parsed = loadsLenient(args);
    args = parsed === NOT_JSON ? {} : parsed;
  }
  if (!isPlainObject(args)) args = {};
  if (typeof name !== 'string')
    throw new DspyError('INPUT_INVALID', `Tool call #${index} needs a string name, got ${safeJson(call)}.`);
  const id = call.id || call.call_id;
  return { id: typeof id === 'string' ? id : null, name, args: args as Record<string, unknown> };
}

function toResults(value: unknown): ToolCallResult[] {
  let list: unknown = value;
  if (isPlainObject(value)) {
    if ('tool_call_results' in value) list = value.tool_call_results;
    else if ('name' in value && 'value' in value) list = [value];
  }
  if (!Array.isArray(list))
    throw new DspyError(
      'INPUT_INVALID',
      `Received invalid value for tool_call_results: ${safeJson(value)}. Expected [{ call_id, name, value, is_error? }].`,
    );
  return list.map((r, i) => {
    if (!isPlainObject(r) || typeof r.name !== 'string' || !('value' in r))
      throw new DspyError(
        'INPUT_INVALID',
        `Tool call result #${i} needs a string name and a value, e.g. { callId: "c1", name: "search", value: [...] }, got ${safeJson(r)}.`,
      );
    const callId = r.callId ?? r.call_id ?? null;
    return {
      callId: typeof callId === 'string' ? callId : null,
      name: r.name,
      value: r.value,
      isError: Boolean(r.isError ?? r.is_error ?? false),
    };
  });
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
