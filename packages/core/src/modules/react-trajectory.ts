import type { Adapter } from '../adapters/adapter';
import { ChatAdapter } from '../adapters/chat-adapter';
import { DspyError, LmError } from '../errors/dspy-error';
import { inputField, outputField } from '../signature/field-factory';
import { SignatureSpec } from '../signature/signature-spec';
import { logger } from '../observability/log';

/**
 * An agent's steps so far, DSPy's layout: `thought_i`, `tool_name_i`, `tool_args_i`,
 * `observation_i` for each step `i`, in order.
 */
export type Trajectory = Record<string, unknown>;

/** Adapters that can render field values as a user message (every built-in one). */
interface UserContentFormatter {
  formatUserMessageContent(signature: SignatureSpec<any, any>, inputs: Readonly<Record<string, unknown>>): string;
}

const fallbackFormatter = new ChatAdapter();

/**
 * The trajectory as the `trajectory` input shows it: DSPy formats it with the adapter's user
 * message content for a signature whose inputs are the trajectory keys (untyped `str` fields),
 * so each entry is a `[[ ## key ## ]]` block and lists become `[1] «...»` lines.
 *
 * @example
 * formatTrajectory({ thought_0: 'Search.', tool_name_0: 'search', tool_args_0: { query: 'x' }, observation_0: 3 });
 * // '[[ ## thought_0 ## ]]\nSearch.\n\n[[ ## tool_name_0 ## ]]\nsearch\n\n[[ ## tool_args_0 ## ]]\n{"query": "x"}\n\n[[ ## observation_0 ## ]]\n3'
 */
export function formatTrajectory(trajectory: Trajectory, adapter?: Adapter): string {
  const keys = Object.keys(trajectory);
  const spec = new SignatureSpec({
    name: 'StringSignature',
    fields: [...keys.map((k) => ({ ...inputField(k), typeUndefined: true })), outputField('x')],
  });
  const formatter = hasUserContent(adapter) ? adapter : fallbackFormatter;
  // `undefined` would drop the entry; Python shows a tool that returned nothing as `None`.
  const values = Object.fromEntries(keys.map((k) => [k, trajectory[k] === undefined ? null : trajectory[k]]));
  return formatter.formatUserMessageContent(spec, values);
}

function hasUserContent(adapter: Adapter | undefined): adapter is Adapter & UserContentFormatter {
  return typeof (adapter as Partial<UserContentFormatter> | undefined)?.formatUserMessageContent === 'function';
}

/**
 * DSPy's default truncation: drop the oldest step (its 4 keys), in place. A trajectory of one
 * step cannot be shortened, which is an `LM_CONTEXT_WINDOW` error.
 *
 * @example
 * truncateTrajectory(trajectory); // thought_0 .. observation_0 removed
 */
export function truncateTrajectory(trajectory: Trajectory): Trajectory {
  const keys = Object.keys(trajectory);
  if (keys.length <= 4) {
    throw new LmError(
      'LM_CONTEXT_WINDOW',
      'The trajectory is too long so your prompt exceeded the context window, but the trajectory cannot be truncated because it only has one tool call.',
    );
  }
  for (const key of keys.slice(0, 4)) delete trajectory[key];
  return trajectory;
}

/**
 * Runs `step` with the formatted trajectory; when the prompt overflows the context window,
 * truncates and retries, 3 attempts in all (DSPy's `_call_with_potential_trajectory_truncation`).
 *
 * @example
 * await withTrajectoryTruncation(trajectory, truncateTrajectory, formatTrajectory, (t) => step.call({ ...inputs, trajectory: t }));
 */
export async function withTrajectoryTruncation<R>(
  trajectory: Trajectory,
  truncate: (t: Trajectory) => Trajectory,
  format: (t: Trajectory) => string,
  step: (formatted: string) => Promise<R>,
): Promise<R> {
  let current = trajectory;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await step(format(current));
    } catch (err) {
      if (!isContextWindowError(err)) throw err;
      logger().warn(
        { code: 'DSPY_TS_REACT' },
        'Trajectory exceeded the context window, truncating the oldest tool call information.',
      );
      lastError = err;
      current = truncate(current);
    }
  }
  throw new LmError(
    'LM_CONTEXT_WINDOW',
    'The context window was exceeded even after 3 attempts to truncate the trajectory.',
    { cause: lastError },
  );
}

/** True for `LM_CONTEXT_WINDOW` errors, the only ones truncation can help with. */
export function isContextWindowError(err: unknown): err is DspyError {
  return DspyError.is(err, 'LM_CONTEXT_WINDOW');
}
